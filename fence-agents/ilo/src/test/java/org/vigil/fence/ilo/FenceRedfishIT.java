package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * ClusterLabs' own fence_redfish (Debian package fence-agents) against the test Redfish service:
 * the test double answers what a real Redfish client expects, and fence_redfish and the ilo agent
 * see the same power state. Options go on stdin, so the password is on no command line.
 */
class FenceRedfishIT {

    static final Path FENCE_REDFISH = Path.of("/usr/sbin/fence_redfish");

    static TestCertificate certificate;
    SimulatedServer host;
    RedfishServer ilo;

    @BeforeAll
    static void setUp() throws Exception {
        assertTrue(Files.isExecutable(FENCE_REDFISH), FENCE_REDFISH + " is missing: install the Debian package "
                + "fence-agents (apt-get install -y fence-agents)");
        certificate = TestCertificate.create();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (certificate != null) {
            certificate.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        host = SimulatedServer.poweredOn();
        ilo = new RedfishServer(certificate, host);
    }

    @AfterEach
    void stop() {
        try {
            ilo.close();
        } finally {
            host.close();
        }
    }

    /** @return fence_redfish's exit code (0 success or ON, 2 OFF for status, 1 failure) and output */
    private Run fenceRedfish(String action) throws Exception {
        String options = "action=" + action + "\nip=127.0.0.1\nipport=" + ilo.port() + "\nusername=" + RedfishServer.USER
                + "\npassword=" + RedfishServer.PASSWORD + "\nssl_insecure=1\npower_timeout=10\n";
        Process p = new ProcessBuilder(FENCE_REDFISH.toString()).redirectErrorStream(true).start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(options.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fence_redfish did not end");
            return new Run(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }

    private record Run(int exit, String output) {
    }

    private FenceResult agent(FenceAction action) {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(ilo.port()));
        p.put("login", RedfishServer.USER);
        p.put("passwd", RedfishServer.PASSWORD);
        p.put("ssl_fingerprint", certificate.fingerprint());
        return new IloFenceAgent().execute(action, p, null, Duration.ofSeconds(20));
    }

    @Test
    void fenceRedfishReadsAndSwitchesTheTestServiceAsTheAgentDoes() throws Exception {
        Run status = fenceRedfish("status");
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("Status: ON"), status.output());

        Run off = fenceRedfish("off");
        assertEquals(0, off.exit(), off.output());
        assertFalse(host.isOn(), "fence_redfish off must really power the node off");
        FenceResult seen = agent(FenceAction.STATUS);
        assertEquals(PowerState.OFF, seen.power(), seen.message());

        FenceResult on = agent(FenceAction.ON);
        assertTrue(on.success(), on.message());
        Run after = fenceRedfish("status");
        assertEquals(0, after.exit(), after.output());
        assertTrue(after.output().contains("Status: ON"), after.output());

        assertTrue(agent(FenceAction.OFF).success());
        Run offNow = fenceRedfish("status");
        assertEquals(2, offNow.exit(), offNow.output());
        assertTrue(offNow.output().contains("Status: OFF"), offNow.output());
    }
}
