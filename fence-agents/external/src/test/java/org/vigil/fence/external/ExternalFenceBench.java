package org.vigil.fence.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;
import org.vigil.fence.ipmi.IpmiFenceAgent;
import org.vigil.fence.testpeers.IpmiSim;

/**
 * Benchmark, not a test of speed: a fence OFF confirmed by a status read against a real
 * ipmi_sim, side by side in one run with the native {@code ipmi} agent and with ClusterLabs
 * {@code fence_ipmilan} through this external agent ({@code off}, then a confirming
 * {@code status}), interleaved round by round, median of N each. Run with
 * {@code mvn -B verify -Pbench [-Dbench.iterations=20]} in fence-agents/external; figures are
 * printed and written to target/bench-report.txt. It fails only when an OFF does not succeed.
 */
class ExternalFenceBench {
    private static final int WARMUP = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void offPlusConfirmedStatusNativeIpmiVersusFenceIpmilan() throws Exception {
        int n = Integer.getInteger("bench.iterations", 20);
        IpmiSim.require("fence_ipmilan", "fence-agents");
        IpmiSim.require("ipmitool", "ipmitool");
        FenceAgent nativeAgent = new IpmiFenceAgent();
        FenceAgent external = new ExternalFenceAgent();
        List<Double> nativeMs = new ArrayList<>();
        List<Double> externalMs = new ArrayList<>();
        List<Double> externalFastPollMs = new ArrayList<>();
        List<Double> directMs = new ArrayList<>();
        try (IpmiSim sim = IpmiSim.start()) {
            sim.startNode();
            Map<String, String> nativeParams = new HashMap<>();
            nativeParams.put("ipaddr", "127.0.0.1");
            nativeParams.put("ipport", Integer.toString(sim.port()));
            nativeParams.put("login", IpmiSim.USER);
            nativeParams.put("passwd", IpmiSim.PASSWORD);
            Map<String, String> externalParams = ExternalIpmiIT.params(sim.port());
            // fence_ipmilan re-reads the status every stonith_status_sleep (1 s) until it sees OFF: 0 polls at once
            Map<String, String> fastPoll = new HashMap<>(externalParams);
            fastPoll.put("stonith_status_sleep", "0");
            for (int i = -WARMUP; i < n; i++) {
                powerOn(nativeAgent, nativeParams, sim);
                double ms = timeOff(nativeAgent, nativeParams);
                if (i >= 0) {
                    nativeMs.add(ms);
                }
                powerOn(nativeAgent, nativeParams, sim);
                ms = timeOff(external, externalParams);
                if (i >= 0) {
                    externalMs.add(ms);
                }
                powerOn(nativeAgent, nativeParams, sim);
                ms = timeOff(external, fastPoll);
                if (i >= 0) {
                    externalFastPollMs.add(ms);
                }
                powerOn(nativeAgent, nativeParams, sim);
                ms = timeDirect(externalParams);
                if (i >= 0) {
                    directMs.add(ms);
                }
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%nFence OFF + confirming status against ipmi_sim on loopback, "
                + "%d rounds (interleaved, %d warm-up rounds not counted)%n", n, WARMUP));
        report.append(String.format(Locale.ROOT, "%-54s %9s %9s %9s %9s%n", "", "median", "min", "p90", "max"));
        line(report, "native ipmi agent (in the JVM, new session each)", nativeMs);
        line(report, "external: fence_ipmilan off + status (power_wait=0)", externalMs);
        line(report, "  same with stonith_status_sleep=0", externalFastPollMs);
        line(report, "  fence_ipmilan off + status run directly (no adapter)", directMs);
        report.append(String.format(Locale.ROOT, "native / external = %.2f (target <= 0.5); "
                + "native / external with stonith_status_sleep=0 = %.2f%n",
                median(nativeMs) / median(externalMs), median(nativeMs) / median(externalFastPollMs)));
        System.out.println(report);
        String file = System.getProperty("bench.report");
        if (file != null) {
            Files.writeString(Path.of(file), report.toString(), StandardCharsets.UTF_8);
        }
    }

    private static double timeOff(FenceAgent agent, Map<String, String> params) {
        long t0 = System.nanoTime();
        FenceResult r = agent.execute(FenceAction.OFF, params, null, TIMEOUT);
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.OFF, r.power());
        return ms;
    }

    /** The same two agent runs as the adapter's, started directly: the adapter's own cost is the difference. */
    private static double timeDirect(Map<String, String> params) throws Exception {
        StringBuilder opts = new StringBuilder();
        params.forEach((k, v) -> {
            if (!k.equals("agent")) {
                opts.append(k).append('=').append(v).append('\n');
            }
        });
        long t0 = System.nanoTime();
        int off = runDirect(opts + "action=off\n");
        int status = runDirect(opts + "action=status\n");
        double ms = (System.nanoTime() - t0) / 1e6;
        assertEquals(0, off, "fence_ipmilan off");
        assertEquals(2, status, "fence_ipmilan status after off");
        return ms;
    }

    private static int runDirect(String stdin) throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/fence_ipmilan").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("fence_ipmilan hung");
        }
        return p.exitValue();
    }

    private static void powerOn(FenceAgent agent, Map<String, String> params, IpmiSim sim) {
        FenceResult on = agent.execute(FenceAction.ON, params, null, TIMEOUT);
        assertTrue(on.success(), on.message());
        assertTrue(IpmiSim.running(sim.nodePid()), "no node after ON");
    }

    private static void line(StringBuilder sb, String name, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        sb.append(String.format(Locale.ROOT, "%-54s %6.1f ms %6.1f ms %6.1f ms %6.1f ms%n", name, median(s), s.get(0),
                s.get((int) Math.ceil(0.9 * s.size()) - 1), s.get(s.size() - 1)));
    }

    private static double median(List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
    }
}
