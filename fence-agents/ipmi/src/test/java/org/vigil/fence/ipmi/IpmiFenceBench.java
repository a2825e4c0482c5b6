package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;
import org.vigil.fence.testpeers.IpmiSim;

/**
 * Benchmark, not a test of speed: the time of a fence "off" confirmed by a status read against
 * a real ipmi_sim, with this agent and with ipmitool ({@code chassis power off}, then
 * {@code chassis power status} until it says off), and with ClusterLabs fence_ipmilan when it
 * is installed. Interleaved rounds; median of N each. Run with
 * {@code mvn -B verify -Pbench [-Dbench.iterations=20]} in fence-agents/ipmi; figures are
 * printed and written to target/bench-report.txt. It fails only when an off does not succeed.
 */
class IpmiFenceBench {
    private static final int WARMUP = 2;

    @Test
    void offPlusConfirmedStatusNativeVersusIpmitool() throws Exception {
        int n = Integer.getInteger("bench.iterations", 20);
        Path ipmitool = IpmiSim.require("ipmitool", "ipmitool");
        Optional<Path> fenceIpmilan = IpmiSim.which("fence_ipmilan");
        IpmiFenceAgent agent = new IpmiFenceAgent();
        List<Double> nativeMs = new ArrayList<>();
        List<Double> ipmitoolMs = new ArrayList<>();
        List<Double> fenceIpmilanMs = new ArrayList<>();
        try (IpmiSim sim = IpmiSim.start()) {
            sim.startNode();
            Map<String, String> params = new HashMap<>();
            params.put("ipaddr", "127.0.0.1");
            params.put("ipport", Integer.toString(sim.port()));
            params.put("login", IpmiSim.USER);
            params.put("passwd", IpmiSim.PASSWORD);
            List<String> base = List.of(ipmitool.toString(), "-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p",
                    Integer.toString(sim.port()), "-U", IpmiSim.USER, "-E");
            for (int i = -WARMUP; i < n; i++) {
                powerOn(agent, params, sim);
                long t0 = System.nanoTime();
                FenceResult r = agent.execute(FenceAction.OFF, params, null, Duration.ofSeconds(20));
                double ms = (System.nanoTime() - t0) / 1e6;
                assertTrue(r.success(), r.message());
                assertEquals(PowerState.OFF, r.power());
                if (i >= 0) {
                    nativeMs.add(ms);
                }

                powerOn(agent, params, sim);
                t0 = System.nanoTime();
                run(base, "chassis", "power", "off");
                boolean off = false;
                for (int k = 0; k < 50 && !off; k++) {
                    off = run(base, "chassis", "power", "status").contains("is off");
                }
                ms = (System.nanoTime() - t0) / 1e6;
                assertTrue(off, "ipmitool never read off");
                if (i >= 0) {
                    ipmitoolMs.add(ms);
                }

                if (fenceIpmilan.isPresent()) {
                    powerOn(agent, params, sim);
                    t0 = System.nanoTime();
                    // options on stdin, as Pacemaker and the external adapter pass them
                    String out = runWithInput(List.of(fenceIpmilan.get().toString()), "ip=127.0.0.1\nipport="
                            + sim.port() + "\nusername=" + IpmiSim.USER + "\npassword=" + IpmiSim.PASSWORD
                            + "\nlanplus=1\ncipher=3\npower_wait=0\naction=off\n");
                    ms = (System.nanoTime() - t0) / 1e6;
                    assertTrue(out.contains("Success"), out);
                    if (i >= 0) {
                        fenceIpmilanMs.add(ms);
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%nFence OFF + confirmed status against ipmi_sim on loopback, "
                + "%d rounds (interleaved, %d warm-up rounds not counted)%n", n, WARMUP));
        report.append(String.format(Locale.ROOT, "%-44s %9s %9s %9s %9s%n", "", "median", "min", "p90", "max"));
        line(report, "native ipmi agent (one JVM, new session each)", nativeMs);
        line(report, "ipmitool -I lanplus -C 3: off, then status", ipmitoolMs);
        if (!fenceIpmilanMs.isEmpty()) {
            line(report, "fence_ipmilan cipher=3 power_wait=0, off", fenceIpmilanMs);
        } else {
            report.append("fence_ipmilan: not installed (package fence-agents), not measured\n");
        }
        report.append(String.format(Locale.ROOT, "native / ipmitool = %.2f%n",
                median(nativeMs) / median(ipmitoolMs)));
        if (!fenceIpmilanMs.isEmpty()) {
            report.append(String.format(Locale.ROOT, "native / fence_ipmilan = %.2f (target <= 0.5)%n",
                    median(nativeMs) / median(fenceIpmilanMs)));
        }
        System.out.println(report);
        String file = System.getProperty("bench.report");
        if (file != null) {
            Files.writeString(Path.of(file), report.toString(), StandardCharsets.UTF_8);
        }
    }

    private static void powerOn(IpmiFenceAgent agent, Map<String, String> params, IpmiSim sim) {
        FenceResult on = agent.execute(FenceAction.ON, params, null, Duration.ofSeconds(20));
        assertTrue(on.success(), on.message());
        assertTrue(IpmiSim.running(sim.nodePid()), "no node after ON");
    }

    private static String run(List<String> base, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(base);
        Collections.addAll(cmd, args);
        return runWithInput(cmd, "");
    }

    private static String runWithInput(List<String> cmd, String input) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("IPMI_PASSWORD", IpmiSim.PASSWORD); // ipmitool -E reads it
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " hung");
        }
        return out;
    }

    private static void line(StringBuilder sb, String name, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        sb.append(String.format(Locale.ROOT, "%-44s %7.1f ms %6.1f ms %6.1f ms %6.1f ms%n", name, median(s), s.get(0),
                s.get((int) Math.ceil(0.9 * s.size()) - 1), s.get(s.size() - 1)));
    }

    private static double median(List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        int k = s.size();
        return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
    }
}
