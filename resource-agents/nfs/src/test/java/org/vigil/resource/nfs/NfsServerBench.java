package org.vigil.resource.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;

/** Figures, not a test (profile {@code bench}): nfsserver start (until v3 and v4 answer), monitor, stop. */
class NfsServerBench {

    @Test
    void operationTimes() throws Exception {
        int n = Integer.getInteger("bench.iterations", 20);
        StringBuilder report = new StringBuilder("nfsserver agent (nfs-ganesha on loopback, NFSv3 + v4), " + n
                + " rounds\n");
        try (NfsFixture fx = new NfsFixture()) {
            NfsServerAgent agent = fx.agent();
            ResourceInstance r = fx.server("bench");
            Duration t = Duration.ofSeconds(30);
            List<Long> start = new ArrayList<>();
            List<Long> mon = new ArrayList<>();
            List<Long> stop = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                start.add(time(() -> agent.execute(ResourceOperation.START, r, t)));
                for (int j = 0; j < 5; j++) {
                    mon.add(time(() -> agent.execute(ResourceOperation.MONITOR, r, t)));
                }
                stop.add(time(() -> agent.execute(ResourceOperation.STOP, r, t)));
            }
            line(report, "start (until nfs-ls answers on v3 and v4)", start);
            line(report, "monitor (pid + nfs-ls v3 + nfs-ls v4)", mon);
            line(report, "stop (SIGTERM, wait until gone)", stop);
        }
        System.out.print(report);
        Files.writeString(Path.of(System.getProperty("bench.report", "target/bench-report.txt")), report);
    }

    private static long time(Supplier<OcfResult> op) {
        long t0 = System.nanoTime();
        OcfResult r = op.get();
        long took = System.nanoTime() - t0;
        assertEquals(OcfStatus.SUCCESS, r.status(), r.message());
        return took;
    }

    private static void line(StringBuilder b, String what, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        b.append(String.format("%-44s median %8.1f ms  min %8.1f ms  max %8.1f ms  (n=%d)%n", what,
                s.get(s.size() / 2) / 1e6, s.get(0) / 1e6, s.get(s.size() - 1) / 1e6, s.size()));
    }
}
