package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;
import org.vigil.fence.testpeers.ApcPdu;

/**
 * Benchmark, not a test of speed: a fence "off" confirmed by reading the outlet state back,
 * against one real snmpd PDU, with this agent and with ClusterLabs' {@code fence_apc_snmp}
 * (options on stdin, {@code action=off}: it sets the outlet, then reads its state until off),
 * over SNMP v2c and v3 authPriv (SHA/AES). Rounds are interleaved; median of N each. Run with
 * {@code mvn -B verify -Pbench [-Dbench.iterations=20]} in fence-agents/pdu; the figures are
 * printed and written to target/bench-report.txt. It fails only when an off does not succeed.
 */
class PduFenceBench {
    private static final int WARMUP = 2;
    private static final int OUTLET = 1;

    @Test
    void offPlusConfirmedStatusNativeVersusFenceApcSnmp() throws Exception {
        int n = Integer.getInteger("bench.iterations", 20);
        Path fence = ApcPdu.require("fence_apc_snmp", "fence-agents");
        PduFenceAgent agent = new PduFenceAgent();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        try (ApcPdu pdu = ApcPdu.start()) {
            Map<String, Map<String, String>> params = new LinkedHashMap<>();
            params.put("v2c", ApcPduIT.v2c(pdu.port()));
            params.put("v3 authPriv SHA/AES", ApcPduIT.v3(pdu.port()));
            for (String v : params.keySet()) {
                ms.put("native `pdu` agent, " + v, new ArrayList<>());
                ms.put("`fence_apc_snmp`, " + v, new ArrayList<>());
            }
            for (int i = -WARMUP; i < n; i++) {
                for (Map.Entry<String, Map<String, String>> v : params.entrySet()) {
                    powerOn(agent, v.getValue());
                    long t0 = System.nanoTime();
                    FenceResult r = agent.execute(FenceAction.OFF, v.getValue(), Integer.toString(OUTLET),
                            Duration.ofSeconds(20));
                    double nativeMs = (System.nanoTime() - t0) / 1e6;
                    assertTrue(r.success(), r.message());
                    assertEquals(PowerState.OFF, r.power());

                    powerOn(agent, v.getValue());
                    t0 = System.nanoTime();
                    fenceApcSnmpOff(fence, v.getValue());
                    double theirMs = (System.nanoTime() - t0) / 1e6;
                    assertTrue(!pdu.outletsOn().get(OUTLET), "fence_apc_snmp did not switch the outlet off");
                    if (i >= 0) {
                        ms.get("native `pdu` agent, " + v.getKey()).add(nativeMs);
                        ms.get("`fence_apc_snmp`, " + v.getKey()).add(theirMs);
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "pdu agent benchmark: fence off + confirmed outlet state, snmpd "
                + "(apc_pdu.py) on loopback, %d rounds interleaved, %d cores%n%n", n,
                Runtime.getRuntime().availableProcessors()));
        report.append("| client | median | min | p90 | max |\n|---|---|---|---|---|\n");
        Map<String, Double> medians = new LinkedHashMap<>();
        ms.forEach((name, list) -> {
            List<Double> s = new ArrayList<>(list);
            Collections.sort(s);
            double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
            medians.put(name, median);
            report.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", name, median,
                    s.get(0), s.get((int) Math.ceil(0.9 * s.size()) - 1), s.get(s.size() - 1)));
        });
        report.append('\n');
        for (String v : List.of("v2c", "v3 authPriv SHA/AES")) {
            report.append(String.format(Locale.ROOT, "native / fence_apc_snmp (%s) = %.2f%n", v,
                    medians.get("native `pdu` agent, " + v) / medians.get("`fence_apc_snmp`, " + v)));
        }
        System.out.println();
        System.out.println(report);
        String file = System.getProperty("bench.report");
        if (file != null) {
            Files.writeString(Path.of(file), report.toString(), StandardCharsets.UTF_8);
        }
    }

    private static void powerOn(PduFenceAgent agent, Map<String, String> params) {
        FenceResult on = agent.execute(FenceAction.ON, params, Integer.toString(OUTLET), Duration.ofSeconds(20));
        assertTrue(on.success(), on.message());
    }

    /** fence_apc_snmp action=off with its options on stdin (no password on a command line). */
    private static void fenceApcSnmpOff(Path fence, Map<String, String> p) throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder();
        in.append("ip=").append(p.get("ipaddr")).append('\n');
        in.append("ipport=").append(p.get("ipport")).append('\n');
        in.append("snmp_version=").append(p.get("snmp_version")).append('\n');
        if (p.get("snmp_version").equals("3")) {
            in.append("username=").append(p.get("login")).append('\n');
            in.append("password=").append(p.get("passwd")).append('\n');
            in.append("snmp_auth_prot=").append(p.get("snmp_auth_prot")).append('\n');
            in.append("snmp_sec_level=").append(p.get("snmp_sec_level")).append('\n');
            in.append("snmp_priv_prot=").append(p.get("snmp_priv_prot")).append('\n');
            in.append("snmp_priv_passwd=").append(p.get("snmp_priv_passwd")).append('\n');
        } else {
            in.append("community=").append(p.get("community")).append('\n');
        }
        in.append("plug=").append(OUTLET).append('\n').append("action=off\n");
        Process proc = new ProcessBuilder(fence.toString()).redirectErrorStream(true).start();
        try (OutputStream o = proc.getOutputStream()) {
            o.write(in.toString().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(60, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new AssertionError("fence_apc_snmp did not finish within 60 s");
        }
        assertEquals(0, proc.exitValue(), "fence_apc_snmp off failed: " + out);
    }
}
