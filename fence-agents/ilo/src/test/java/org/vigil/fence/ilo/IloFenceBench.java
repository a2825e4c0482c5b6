package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;

/**
 * Figures, not a test (profile "bench"): the time of a STATUS action (TLS connection, login, power
 * read) and of a confirmed OFF, per protocol, against the test iLOs on loopback. The simulated power
 * change takes 300 ms, so OFF figures are that plus polling (every 200 ms). Medians are printed and
 * written to target/bench-report.txt.
 */
class IloFenceBench {

    @Test
    void figures() throws Exception {
        int n = Integer.getInteger("bench.iterations", 20);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%-26s %10s %10s %10s%n", "ilo agent, "
                + n + " rounds", "median", "min", "max"));
        try (TestCertificate cert = TestCertificate.create()) {
            for (String persona : List.of("redfish", "ribcl http (iLO 3/4)", "ribcl raw (iLO 2)")) {
                try (SimulatedServer host = SimulatedServer.poweredOn()) {
                    AutoCloseable server;
                    int port;
                    Map<String, String> p = new HashMap<>();
                    if (persona.equals("redfish")) {
                        RedfishServer r = new RedfishServer(cert, host);
                        server = r;
                        port = r.port();
                        p.put("login", RedfishServer.USER);
                        p.put("passwd", RedfishServer.PASSWORD);
                    } else {
                        RibclServer r = new RibclServer(cert, host, "2.22", persona.contains("http"));
                        server = r;
                        port = r.port();
                        p.put("ilo_protocol", "ribcl");
                        p.put("ribcl_transport", persona.contains("http") ? "http" : "raw");
                        p.put("login", RibclServer.USER);
                        p.put("passwd", RibclServer.PASSWORD);
                    }
                    p.put("ipaddr", "127.0.0.1");
                    p.put("ipport", Integer.toString(port));
                    p.put("ssl_fingerprint", cert.fingerprint());
                    try (server) {
                        IloFenceAgent agent = new IloFenceAgent();
                        run(agent, FenceAction.STATUS, p); // warm-up
                        List<Double> status = new ArrayList<>();
                        List<Double> off = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            status.add(run(agent, FenceAction.STATUS, p));
                        }
                        for (int i = 0; i < Math.max(3, n / 4); i++) {
                            off.add(run(agent, FenceAction.OFF, p));
                            run(agent, FenceAction.ON, p);
                        }
                        report.append(line(persona + " STATUS", status));
                        report.append(line(persona + " OFF", off));
                    }
                }
            }
        }
        System.out.print(report);
        String file = System.getProperty("bench.report");
        if (file != null) {
            Files.writeString(Path.of(file), report, StandardCharsets.UTF_8);
        }
    }

    private static double run(IloFenceAgent agent, FenceAction action, Map<String, String> p) {
        long t = System.nanoTime();
        FenceResult r = agent.execute(action, p, null, Duration.ofSeconds(20));
        double ms = (System.nanoTime() - t) / 1e6;
        assertTrue(r.success(), r.message());
        return ms;
    }

    private static String line(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        s.sort(null);
        double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        return String.format(Locale.ROOT, "%-26s %7.1f ms %7.1f ms %7.1f ms%n", what, median, s.get(0),
                s.get(s.size() - 1));
    }
}
