package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * What every iLO protocol must do, against an HTTPS iLO double whose "server" is a real
 * {@code sleep} process (powered off = killed): status, off, on, reboot with a power state that
 * really changes; wrong password; certificate refused by default (naming the fingerprint to
 * accept), accepted when pinned, refused with another fingerprint; a lying iLO; a hanging one;
 * garbage; and no secret in any message or log line.
 */
abstract class AbstractIloIT {

    static final String WRONG_PASSWORD = "Wr0ng-Passw0rd-Xyz";

    static TestCertificate certificate;
    SimulatedServer host;
    final IloFenceAgent agent = new IloFenceAgent();

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.create();
    }

    @AfterAll
    static void dropCertificate() throws Exception {
        if (certificate != null) {
            certificate.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        host = SimulatedServer.poweredOn();
        startIlo();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            stopIlo();
        } finally {
            host.close();
        }
    }

    /** Starts the iLO double for {@link #host}. */
    abstract void startIlo() throws Exception;

    abstract void stopIlo() throws Exception;

    abstract int port();

    /** @return ilo_protocol and the like */
    abstract Map<String, String> protocolParameters();

    abstract String user();

    abstract String password();

    abstract void hang();

    abstract void garbage();

    /** @return what the failure for {@link #garbage()} says */
    abstract String garbageFailure();

    Map<String, String> params() {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(port()));
        p.put("login", user());
        p.put("passwd", password());
        p.put("ssl_fingerprint", certificate.fingerprint());
        p.put("timeout", "10");
        p.putAll(protocolParameters());
        return p;
    }

    FenceResult run(FenceAction action) {
        return run(action, params());
    }

    FenceResult run(FenceAction action, Map<String, String> p) {
        FenceResult r = agent.execute(action, p, null, Duration.ofSeconds(30));
        assertNotNull(r.message());
        return r;
    }

    @Test
    void offKillsTheNodeAndIsConfirmedThenStatusReadsOff() {
        FenceResult status = run(FenceAction.STATUS);
        assertTrue(status.success(), status.message());
        assertEquals(PowerState.ON, status.power());
        Process node = host.node();
        assertTrue(node.isAlive());

        FenceResult off = run(FenceAction.OFF);
        assertTrue(off.success(), off.message());
        assertEquals(PowerState.OFF, off.power());
        assertTrue(off.message().startsWith("power is OFF (confirmed "), off.message());
        assertFalse(node.isAlive(), "the node process must really be gone");

        FenceResult after = run(FenceAction.STATUS);
        assertTrue(after.success(), after.message());
        assertEquals(PowerState.OFF, after.power());

        FenceResult again = run(FenceAction.OFF);
        assertTrue(again.success(), again.message());
        assertEquals("power is already OFF", again.message());
    }

    @Test
    void onStartsTheNodeAgainAndIsConfirmed() {
        assertTrue(run(FenceAction.OFF).success());
        assertFalse(host.isOn());
        FenceResult on = run(FenceAction.ON);
        assertTrue(on.success(), on.message());
        assertEquals(PowerState.ON, on.power());
        assertTrue(host.isOn());
        assertEquals(PowerState.ON, run(FenceAction.STATUS).power());
    }

    @Test
    void rebootTurnsOffConfirmedThenOn() {
        long before = host.node().pid();
        FenceResult r = run(FenceAction.REBOOT);
        assertTrue(r.success(), r.message());
        assertTrue(r.message().startsWith("reboot: power OFF confirmed, then ON again"), r.message());
        assertTrue(host.isOn());
        assertNotEquals(before, host.node().pid(), "a new node process after the reboot");
    }

    @Test
    void rebootByCycleSeesTheOffPhase() {
        long before = host.node().pid();
        Map<String, String> p = params();
        p.put("method", "cycle");
        FenceResult r = run(FenceAction.REBOOT, p);
        assertTrue(r.success(), r.message());
        assertTrue(r.message().startsWith("reboot (cycle): power OFF confirmed after "), r.message());
        assertTrue(r.message().contains("ON again after"), r.message());
        assertNotEquals(before, host.node().pid());
    }

    @Test
    void monitorSaysTheIloAnswers() {
        FenceResult r = run(FenceAction.MONITOR);
        assertTrue(r.success(), r.message());
        assertTrue(r.message().startsWith("iLO answers"), r.message());
    }

    @Test
    void aWrongPasswordIsAClearFailureAndChangesNothing() {
        Map<String, String> p = params();
        p.put("passwd", WRONG_PASSWORD);
        FenceResult r = run(FenceAction.OFF, p);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().startsWith("login refused by "), r.message());
        assertTrue(r.message().contains("wrong login or password for user '" + user() + "'"), r.message());
        assertFalse(r.message().contains(WRONG_PASSWORD), r.message());
        assertTrue(host.isOn());
        assertEquals(List.of(), host.events());
    }

    @Test
    void theSelfSignedCertificateIsRefusedByDefaultNamingTheFingerprintToAccept() {
        Map<String, String> p = params();
        p.remove("ssl_fingerprint");
        FenceResult r = run(FenceAction.OFF, p);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().contains("the certificate of the iLO at 127.0.0.1:" + port() + " is not trusted"),
                r.message());
        assertTrue(r.message().contains("accept exactly it with ssl_fingerprint=" + certificate.fingerprint()),
                r.message());
        assertTrue(host.isOn());
        assertEquals(List.of(), host.events());
    }

    @Test
    void thePinnedFingerprintIsAcceptedInItsOtherSpellings() {
        Map<String, String> p = params();
        p.put("ssl_fingerprint", certificate.fingerprint().substring("SHA256:".length()).replace(":", "")
                .toLowerCase(Locale.ROOT));
        FenceResult r = run(FenceAction.STATUS, p);
        assertTrue(r.success(), r.message());
    }

    @Test
    void anotherFingerprintIsRefused() {
        Map<String, String> p = params();
        String other = "SHA256:" + "AB:".repeat(31) + "CD";
        p.put("ssl_fingerprint", other);
        FenceResult r = run(FenceAction.OFF, p);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().contains("has the fingerprint " + certificate.fingerprint() + ", not the "
                + "ssl_fingerprint " + other), r.message());
        assertTrue(host.isOn());
        assertEquals(List.of(), host.events());
    }

    @Test
    void sslInsecureAcceptsAnyCertificate() {
        Map<String, String> p = params();
        p.remove("ssl_fingerprint");
        p.put("ssl_insecure", "1");
        FenceResult r = run(FenceAction.STATUS, p);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
    }

    @Test
    void anIloThatSaysDoneButStaysOnFailsNotConfirmed() {
        host.lie();
        Map<String, String> p = params();
        p.put("timeout", "1.5");
        FenceResult off = run(FenceAction.OFF, p);
        assertFalse(off.success(), off.message());
        assertTrue(off.message().startsWith("power off not confirmed: status still ON after "), off.message());
        assertEquals(PowerState.ON, off.power());
        FenceResult reboot = run(FenceAction.REBOOT, p);
        assertFalse(reboot.success(), reboot.message());
        assertTrue(reboot.message().startsWith("reboot: power off not confirmed"), reboot.message());
        assertTrue(host.isOn());
    }

    @Test
    void aHangingIloTimesOut() {
        hang();
        Map<String, String> p = params();
        p.put("timeout", "1.5");
        FenceResult r = run(FenceAction.STATUS, p);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().startsWith("timed out after 1.5 s waiting for "), r.message());
    }

    @Test
    void garbageIsAClearFailure() {
        garbage();
        FenceResult r = run(FenceAction.STATUS);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().contains(garbageFailure()), r.message());
    }

    @Test
    void nothingListensAtTheAddress() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        Map<String, String> p = params();
        p.put("ipport", Integer.toString(free));
        FenceResult r = run(FenceAction.STATUS, p);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().startsWith("cannot connect to the iLO at 127.0.0.1:" + free), r.message());
    }

    @Test
    void listIsNotSupported() {
        FenceResult r = run(FenceAction.LIST);
        assertFalse(r.success());
        assertTrue(r.message().startsWith("LIST is not supported by the ilo agent"), r.message());
    }

    @Test
    void noSecretInAnyMessageOrLogLine() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Map<String, String> wrong = params();
            wrong.put("passwd", WRONG_PASSWORD);
            messages.add(run(FenceAction.OFF, wrong).message());
            Map<String, String> untrusted = params();
            untrusted.remove("ssl_fingerprint");
            messages.add(run(FenceAction.STATUS, untrusted).message());
            Map<String, String> insecure = params();
            insecure.remove("ssl_fingerprint");
            insecure.put("ssl_insecure", "1");
            messages.add(run(FenceAction.STATUS, insecure).message());
            messages.add(run(FenceAction.OFF).message());
            messages.add(run(FenceAction.ON).message());
            Map<String, String> bad = params();
            bad.put("ipport", "x");
            messages.add(run(FenceAction.STATUS, bad).message());
            messages.add(IloParameters.parse(params()).toString());
        } finally {
            System.setErr(err);
        }
        String all = String.join("\n", messages) + "\n" + captured.toString(StandardCharsets.UTF_8);
        assertFalse(all.contains(WRONG_PASSWORD), all);
        assertFalse(all.contains(password()), all);
        assertTrue(all.contains("login refused"), all);
        assertTrue(all.contains("ssl_insecure=1: the iLO's certificate is NOT checked"), all);
        assertTrue(all.contains("passwd=****"), all);
    }
}
