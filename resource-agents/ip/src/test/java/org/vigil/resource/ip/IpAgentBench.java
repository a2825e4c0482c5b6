package org.vigil.resource.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;

/**
 * Figures, not a test (profile {@code bench}): how long the agent's operations take inside
 * a network namespace. Prints medians; fails only when an operation fails.
 */
class IpAgentBench {

    @Test
    void operationTimes() throws Exception {
        int n = Integer.getInteger("bench.iterations", 50);
        StringBuilder report = new StringBuilder("ip agent, " + n + " rounds (ip netns exec adds one fork per command)\n");
        try (NetnsPair ns = new NetnsPair("b", 43)) {
            IpResourceAgent agent = new IpResourceAgent(ns.inA());
            Duration t = Duration.ofSeconds(20);
            ResourceInstance quick = new ResourceInstance("vip", "ip", Map.of("address", ns.v4(77), "sleeptime", "0",
                    "duplicate_check", "0"));
            ResourceInstance full = new ResourceInstance("vip", "ip", Map.of("address", ns.v4(78), "sleeptime", "0"));
            ResourceInstance v6 = new ResourceInstance("vip6", "ip", Map.of("address", ns.v6("77"), "sleeptime", "0"));
            List<Long> start = new ArrayList<>();
            List<Long> mon = new ArrayList<>();
            List<Long> stop = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                start.add(time(() -> agent.execute(ResourceOperation.START, quick, t)));
                mon.add(time(() -> agent.execute(ResourceOperation.MONITOR, quick, t)));
                stop.add(time(() -> agent.execute(ResourceOperation.STOP, quick, t)));
            }
            line(report, "start IPv4, duplicate_check=0 (gratuitous ARP)", start);
            line(report, "monitor IPv4 (running)", mon);
            line(report, "stop IPv4", stop);
            int slow = Math.max(3, n / 10);
            List<Long> startFull = new ArrayList<>();
            List<Long> startV6 = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                startFull.add(time(() -> agent.execute(ResourceOperation.START, full, t)));
                agent.execute(ResourceOperation.STOP, full, t);
                startV6.add(time(() -> agent.execute(ResourceOperation.START, v6, t)));
                agent.execute(ResourceOperation.STOP, v6, t);
            }
            line(report, "start IPv4 with arping -D (2 probes)", startFull);
            line(report, "start IPv6 (DAD + send_ua)", startV6);
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
        b.append(String.format("%-48s median %8.1f ms  min %8.1f ms  max %8.1f ms  (n=%d)%n", what,
                s.get(s.size() / 2) / 1e6, s.get(0) / 1e6, s.get(s.size() - 1) / 1e6, s.size()));
    }
}
