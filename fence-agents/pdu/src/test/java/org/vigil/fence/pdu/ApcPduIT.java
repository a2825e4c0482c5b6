package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;
import org.vigil.fence.testpeers.ApcPdu;

/**
 * The pdu agent against a real net-snmp snmpd emulating an APC rack PDU (package snmpd), whose
 * outlet hook SIGKILLs a "node" process started by the test when its outlet goes off. Fails (does
 * not skip) when snmpd is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApcPduIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Map<Integer, String> NAMES = Map.of(5, "db1-psu-a", 6, "db1-psu-b", 7, "web1");

    private final PduFenceAgent agent = new PduFenceAgent();
    private ApcPdu pdu;

    @BeforeAll
    void startPdu() {
        pdu = ApcPdu.start("apc_pdu.py", ApcPdu.RACK_PDU, NAMES);
        pdu.installKillHook();
    }

    @AfterAll
    void stopPdu() {
        if (pdu != null) {
            pdu.close();
        }
    }

    static Map<String, String> v1(int port) {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(port));
        p.put("snmp_version", "1");
        p.put("community", ApcPdu.RW_COMMUNITY);
        return p;
    }

    static Map<String, String> v2c(int port) {
        Map<String, String> p = v1(port);
        p.put("snmp_version", "2c");
        return p;
    }

    static Map<String, String> v3(int port) {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(port));
        p.put("snmp_version", "3");
        p.put("login", ApcPdu.V3_USER);
        p.put("passwd", ApcPdu.V3_AUTH);
        p.put("snmp_auth_prot", "SHA");
        p.put("snmp_sec_level", "authPriv");
        p.put("snmp_priv_prot", "AES");
        p.put("snmp_priv_passwd", ApcPdu.V3_PRIV);
        return p;
    }

    static Map<String, String> v3md5(int port) {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(port));
        p.put("snmp_version", "3");
        p.put("username", ApcPdu.V3_MD5_USER);
        p.put("password", ApcPdu.V3_MD5_AUTH);
        p.put("snmp_priv_passwd", ApcPdu.V3_MD5_PRIV); // MD5, DES and authPriv are the defaults
        return p;
    }

    Stream<Arguments> versions() {
        return Stream.of(Arguments.of("v1", v1(pdu.port()), 1), Arguments.of("v2c", v2c(pdu.port()), 2),
                Arguments.of("v3 authPriv SHA/AES", v3(pdu.port()), 3),
                Arguments.of("v3 authPriv MD5/DES", v3md5(pdu.port()), 8));
    }

    private FenceResult run(FenceAction action, Map<String, String> params, String plug) {
        return agent.execute(action, params, plug, TIMEOUT);
    }

    private static void awaitDeath(Process node) throws InterruptedException {
        assertTrue(node.waitFor(5, TimeUnit.SECONDS), "the node process behind the outlet still runs");
        assertFalse(ApcPdu.running(node.pid()));
    }

    @ParameterizedTest(name = "{0}: status, off kills the node, status, on, reboot, list")
    @MethodSource("versions")
    void everyActionOnEveryVersion(String version, Map<String, String> params, int outlet) throws Exception {
        String plug = Integer.toString(outlet);
        Process node = pdu.startNode(outlet);

        FenceResult status = run(FenceAction.STATUS, params, plug);
        assertTrue(status.success(), status.message());
        assertEquals(PowerState.ON, status.power());
        assertEquals("outlet " + outlet + " ('Outlet " + outlet + "'): ON", status.message());
        FenceResult monitor = run(FenceAction.MONITOR, params, null);
        assertTrue(monitor.success(), monitor.message());
        assertTrue(monitor.message().contains("APC rack PDU"), monitor.message());

        FenceResult off = run(FenceAction.OFF, params, plug);
        assertTrue(off.success(), off.message());
        assertEquals(PowerState.OFF, off.power());
        assertEquals("outlet " + outlet + " ('Outlet " + outlet + "') confirmed OFF", off.message());
        awaitDeath(node);
        assertFalse(pdu.outletsOn().get(outlet), "the PDU's own state says the outlet is on");
        assertTrue(pdu.pduLog().contains("set .1.3.6.1.4.1.318.1.1.12.3.3.1.1.4." + outlet + " integer 2"),
                pdu.pduLog());

        FenceResult again = run(FenceAction.OFF, params, plug);
        assertTrue(again.success(), again.message());
        assertTrue(again.message().endsWith("already OFF"), again.message());
        status = run(FenceAction.STATUS, params, plug);
        assertTrue(status.success(), status.message());
        assertEquals(PowerState.OFF, status.power());

        FenceResult on = run(FenceAction.ON, params, plug);
        assertTrue(on.success(), on.message());
        assertEquals(PowerState.ON, on.power());
        assertTrue(pdu.outletsOn().get(outlet));

        Process node2 = pdu.startNode(outlet);
        FenceResult reboot = run(FenceAction.REBOOT, params, plug);
        assertTrue(reboot.success(), reboot.message());
        assertEquals(PowerState.ON, reboot.power());
        assertTrue(reboot.message().contains("confirmed OFF, then outlet " + outlet), reboot.message());
        awaitDeath(node2);
        assertTrue(pdu.outletsOn().get(outlet));

        FenceResult list = run(FenceAction.LIST, params, null);
        assertTrue(list.success(), list.message());
        assertEquals(8, list.plugs().size(), list.plugs().toString());
        assertEquals("1,Outlet 1", list.plugs().get(0));
        assertEquals("5,db1-psu-a", list.plugs().get(4));
        assertEquals("7,web1", list.plugs().get(6));
    }

    @Test
    void listMatchesFenceApcSnmp() throws Exception {
        Path fence = ApcPdu.require("fence_apc_snmp", "fence-agents");
        Process p = new ProcessBuilder(fence.toString(), "--ip=127.0.0.1", "--ipport=" + pdu.port(),
                "--community=" + ApcPdu.RW_COMMUNITY, "--snmp-version=2c", "--action=list")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> theirs = out.lines().filter(l -> !l.isBlank()).toList();
        FenceResult ours = run(FenceAction.LIST, v2c(pdu.port()), null);
        assertTrue(ours.success(), ours.message());
        assertEquals(theirs, ours.plugs());
    }

    @Test
    void aPlugByNameSwitchesThatOutlet() throws Exception {
        Process node = pdu.startNode(7);
        FenceResult off = run(FenceAction.OFF, v2c(pdu.port()), "web1");
        assertTrue(off.success(), off.message());
        assertEquals("outlet 7 ('web1') confirmed OFF", off.message());
        awaitDeath(node);
        assertFalse(pdu.outletsOn().get(7));
        FenceResult on = run(FenceAction.ON, v3(pdu.port()), "WEB1");
        assertTrue(on.success(), on.message());
        assertTrue(pdu.outletsOn().get(7));
        FenceResult missing = run(FenceAction.OFF, v2c(pdu.port()), "web2");
        assertFalse(missing.success());
        assertTrue(missing.message().startsWith("no outlet named 'web2' on the PDU at 127.0.0.1:" + pdu.port()),
                missing.message());
        assertTrue(missing.message().contains("7 'web1'"), missing.message());
    }

    @Test
    void twoOutletsInOnePlugAreBothConfirmedOff() throws Exception {
        Process psuA = pdu.startNode(5);
        Process psuB = pdu.startNode(6);
        FenceResult off = run(FenceAction.OFF, v1(pdu.port()), "db1-psu-a, 6");
        assertTrue(off.success(), off.message());
        assertEquals("outlet 5 ('db1-psu-a') and outlet 6 ('db1-psu-b') confirmed OFF", off.message());
        awaitDeath(psuA);
        awaitDeath(psuB);
        Map<Integer, Boolean> on = pdu.outletsOn();
        assertFalse(on.get(5));
        assertFalse(on.get(6));
        FenceResult status = run(FenceAction.STATUS, v2c(pdu.port()), "5,6");
        assertEquals(PowerState.OFF, status.power(), status.message());
        FenceResult onA = run(FenceAction.ON, v2c(pdu.port()), "5");
        assertTrue(onA.success(), onA.message());
        status = run(FenceAction.STATUS, v2c(pdu.port()), "5,6");
        assertTrue(status.success(), status.message());
        assertEquals(PowerState.ON, status.power(), "one supply on means the server has power");
        assertEquals("outlet 5 ('db1-psu-a'): ON, outlet 6 ('db1-psu-b'): OFF", status.message());
        FenceResult both = run(FenceAction.ON, v3(pdu.port()), "5,6");
        assertTrue(both.success(), both.message());
        assertTrue(pdu.outletsOn().get(6));
    }

    @Test
    void aNonexistentOutletIsAClearFailure() {
        for (Map<String, String> params : List.of(v1(pdu.port()), v2c(pdu.port()), v3(pdu.port()))) {
            FenceResult r = run(FenceAction.OFF, params, "9");
            assertFalse(r.success(), r.message());
            assertEquals("outlet 9 does not exist on the PDU at 127.0.0.1:" + pdu.port()
                    + " (APC rack PDU: no .1.3.6.1.4.1.318.1.1.12.3.5.1.1.4.9)", r.message());
        }
        assertFalse(pdu.pduLog().contains("4.9 integer"), "nothing was written for outlet 9");
    }

    @Test
    void aWrongCommunityFailsWithoutShowingIt() {
        Map<String, String> p = v2c(pdu.port());
        p.put("community", "n0t-the-community");
        p.put("request_timeout", "0.5");
        FenceResult r = agent.execute(FenceAction.OFF, p, "4", Duration.ofSeconds(2));
        assertFalse(r.success());
        assertTrue(r.message().startsWith("timed out after 2 s: no answer from 127.0.0.1:" + pdu.port()),
                r.message());
        assertTrue(r.message().contains("wrong community"), r.message());
        assertFalse(r.message().contains("n0t-the-community"), r.message());
        assertTrue(pdu.outletsOn().get(4));
    }

    @Test
    void theReadOnlyCommunityReadsButCannotSwitch() {
        Map<String, String> p = v2c(pdu.port());
        p.put("community", ApcPdu.RO_COMMUNITY);
        FenceResult status = run(FenceAction.STATUS, p, "4");
        assertTrue(status.success(), status.message());
        FenceResult off = run(FenceAction.OFF, p, "4");
        assertFalse(off.success());
        assertTrue(off.message().contains("refused SET .1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.4 = 2: noAccess"),
                off.message());
        assertFalse(off.message().contains(ApcPdu.RO_COMMUNITY), off.message());
        assertTrue(pdu.outletsOn().get(4));
    }

    @Test
    void aReadOnlyV3UserWithoutPrivacyReadsButCannotSwitch() {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(pdu.port()));
        p.put("snmp_version", "3");
        p.put("login", ApcPdu.V3_READER);
        p.put("passwd", ApcPdu.V3_READER_AUTH);
        p.put("snmp_auth_prot", "SHA");
        FenceResult status = run(FenceAction.STATUS, p, "4");
        assertTrue(status.success(), status.message());
        assertEquals(PowerState.ON, status.power());
        FenceResult off = run(FenceAction.OFF, p, "4");
        assertFalse(off.success());
        assertTrue(off.message().endsWith("= 2: noAccess (does SNMP v3 user 'reader' have write access?)"),
                off.message());
        assertTrue(pdu.outletsOn().get(4));
    }

    @Test
    void aWrongV3PasswordFailsWithoutShowingIt() {
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        List<FenceResult> results = new ArrayList<>();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            Map<String, String> p = v3(pdu.port());
            p.put("passwd", "wrongpass99");
            results.add(run(FenceAction.OFF, p, "4"));
            Map<String, String> q = v3(pdu.port());
            q.put("login", "nobody");
            results.add(run(FenceAction.OFF, q, "4"));
            Map<String, String> r = v3(pdu.port());
            r.put("snmp_priv_passwd", "wrongpriv99");
            r.put("request_timeout", "0.5");
            results.add(agent.execute(FenceAction.OFF, r, "4", Duration.ofSeconds(2)));
        } finally {
            System.setErr(err);
        }
        assertFalse(results.get(0).success());
        assertEquals("authentication failed for SNMP v3 user 'fenceuser': wrong passwd or snmp_auth_prot (the PDU "
                + "reported usmStatsWrongDigests) at 127.0.0.1:" + pdu.port(), results.get(0).message());
        assertFalse(results.get(1).success());
        assertTrue(results.get(1).message().contains("does not know SNMP v3 user 'nobody'"), results.get(1).message());
        assertFalse(results.get(2).success());
        assertTrue(results.get(2).message().startsWith("timed out after 2 s"), results.get(2).message());
        assertTrue(results.get(2).message().contains("wrong snmp_priv_passwd"), results.get(2).message());
        String all = logged.toString(StandardCharsets.UTF_8) + results;
        for (String secret : List.of("wrongpass99", "wrongpriv99", ApcPdu.V3_AUTH, ApcPdu.V3_PRIV)) {
            assertFalse(all.contains(secret), "secret shown: " + all);
        }
        assertTrue(pdu.outletsOn().get(4));
    }

    @Test
    void anUnreachablePortTimesOut() throws Exception {
        int nobody = ApcPdu.freeUdpPort();
        for (Map<String, String> p : List.of(v1(nobody), v3(nobody))) {
            p.put("request_timeout", "0.5");
            long t0 = System.nanoTime();
            FenceResult r = agent.execute(FenceAction.STATUS, p, "1", Duration.ofSeconds(2));
            double s = (System.nanoTime() - t0) / 1e9;
            assertFalse(r.success());
            assertTrue(r.message().startsWith("timed out after 2 s: no answer from 127.0.0.1:" + nobody),
                    r.message());
            assertTrue(s < 5, "took " + s + " s");
        }
    }

    @Test
    void aLyingPduFailsNotConfirmed() throws Exception {
        try (ApcPdu liar = ApcPdu.start("apc_pdu_lying.py", ApcPdu.RACK_PDU, Map.of())) {
            liar.installKillHook();
            Process node = liar.startNode(2);
            Map<String, String> p = v2c(liar.port());
            p.put("power_timeout", "1.5");
            FenceResult off = run(FenceAction.OFF, p, "2");
            assertFalse(off.success(), off.message());
            assertEquals(PowerState.ON, off.power());
            assertTrue(off.message().startsWith("power off not confirmed: outlet 2 ('Outlet 2') still ON after "),
                    off.message());
            assertTrue(off.message().endsWith(" s (the PDU accepted the off command)"), off.message());
            FenceResult reboot = run(FenceAction.REBOOT, p, "2");
            assertFalse(reboot.success(), reboot.message());
            assertTrue(reboot.message().startsWith("power off not confirmed"), reboot.message());
            assertTrue(node.isAlive());
            assertTrue(liar.pduLog().contains("off accepted but ignored"), liar.pduLog());
        }
    }

    @Test
    void anUnknownSysObjectIdFallsBackToTheMasterSwitchTable() throws Exception {
        try (ApcPdu ms = ApcPdu.start("apc_pdu.py", ".1.3.6.1.4.1.318.1.3.2.12", Map.of(3, "old-box"))) {
            ms.installKillHook();
            Process node = ms.startNode(3);
            FenceResult off = run(FenceAction.OFF, v1(ms.port()), "old-box");
            assertTrue(off.success(), off.message());
            awaitDeath(node);
            assertTrue(ms.pduLog().contains("set .1.3.6.1.4.1.318.1.1.4.4.2.1.3.3 integer 2"), ms.pduLog());
            FenceResult monitor = run(FenceAction.MONITOR, v1(ms.port()), null);
            assertTrue(monitor.message().contains("APC Master Switch (fallback)"), monitor.message());
            FenceResult on = run(FenceAction.ON, v1(ms.port()), "3");
            assertTrue(on.success(), on.message());
            assertTrue(ms.outletsOn().get(3));
        }
    }
}
