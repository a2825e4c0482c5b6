package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;
import org.vigil.fence.testpeers.IpmiSim;

/**
 * The ipmi agent against a real OpenIPMI ipmi_sim BMC (package openipmi) whose power off
 * SIGKILLs a "node" process started by the test. Fails (does not skip) when ipmi_sim is
 * missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IpmiSimIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final IpmiFenceAgent agent = new IpmiFenceAgent();
    private IpmiSim sim;
    private Process node;

    @BeforeAll
    void startBmc() {
        sim = IpmiSim.start();
        node = sim.startNode();
    }

    @AfterAll
    void stopBmc() {
        if (sim != null) {
            sim.close();
        }
    }

    private Map<String, String> params(int port) {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(port));
        p.put("login", IpmiSim.USER);
        p.put("passwd", IpmiSim.PASSWORD);
        p.put("cipher", "3");
        p.put("request_timeout", "0.5");
        return p;
    }

    private FenceResult run(FenceAction action, Map<String, String> params) {
        return agent.execute(action, params, null, TIMEOUT);
    }

    private FenceResult run(FenceAction action) {
        return run(action, params(sim.port()));
    }

    @Test
    @Order(1)
    void statusReadsOnWhileTheNodeRuns() {
        FenceResult r = run(FenceAction.STATUS);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
        FenceResult m = run(FenceAction.MONITOR);
        assertTrue(m.success(), m.message());
    }

    @Test
    @Order(2)
    void offKillsTheNodeProcessAndIsConfirmedByStatus() throws Exception {
        long pid = node.pid();
        FenceResult r = run(FenceAction.OFF);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.OFF, r.power());
        assertTrue(r.message().contains("confirmed"), r.message());
        assertTrue(node.waitFor(5, TimeUnit.SECONDS), "the node process still runs after a confirmed OFF");
        assertEquals(137, node.exitValue(), "the node was not SIGKILLed");
        assertFalse(IpmiSim.running(pid));
        assertTrue(sim.events().stream().anyMatch(l -> l.contains("KILLED " + pid)), String.join("\n", sim.events()));
        FenceResult s = run(FenceAction.STATUS);
        assertTrue(s.success(), s.message());
        assertEquals(PowerState.OFF, s.power());
    }

    @Test
    @Order(3)
    void offWhenAlreadyOffSucceeds() {
        FenceResult r = run(FenceAction.OFF);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.OFF, r.power());
        assertTrue(r.message().contains("already OFF"), r.message());
    }

    @Test
    @Order(4)
    void onStartsTheNodeAgain() {
        FenceResult r = run(FenceAction.ON);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
        assertTrue(IpmiSim.running(sim.nodePid()), "no node process after ON");
        assertEquals(PowerState.ON, run(FenceAction.STATUS).power());
    }

    @Test
    @Order(5)
    void rebootOnOffKillsTheNodeThenStartsANewOne() {
        long before = sim.nodePid();
        int events = sim.events().size();
        FenceResult r = run(FenceAction.REBOOT);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power(), r.message());
        assertFalse(IpmiSim.running(before), "the old node survived the reboot");
        long after = sim.nodePid();
        assertNotEquals(before, after);
        assertTrue(IpmiSim.running(after), "no new node after the reboot");
        List<String> log = sim.events().subList(events, sim.events().size());
        int off = indexOf(log, "set power 0");
        int on = indexOf(log, "set power 1");
        assertTrue(off >= 0 && on > off, "expected power 0 then power 1: " + log);
    }

    @Test
    @Order(6)
    void rebootCycleSeesOffThenOn() {
        long before = sim.nodePid();
        Map<String, String> p = params(sim.port());
        p.put("method", "cycle");
        FenceResult r = run(FenceAction.REBOOT, p);
        assertTrue(r.success(), r.message());
        assertTrue(r.message().contains("OFF confirmed"), r.message());
        assertEquals(PowerState.ON, r.power(), r.message());
        assertFalse(IpmiSim.running(before), "the old node survived the power cycle");
        assertTrue(IpmiSim.running(sim.nodePid()), "no node after the power cycle");
    }

    @Test
    @Order(7)
    void operatorPrivilegeWorksForAnOperatorUser() {
        Map<String, String> p = params(sim.port());
        p.put("login", IpmiSim.OPERATOR);
        p.put("passwd", IpmiSim.OPERATOR_PASSWORD);
        p.put("privlvl", "operator");
        FenceResult r = run(FenceAction.ON, p);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
    }

    @Test
    @Order(8)
    void wrongPasswordFailsAtOnceWithTheReason() {
        Map<String, String> p = params(sim.port());
        p.put("passwd", "Wr0ngPassw0rd");
        long t0 = System.nanoTime();
        FenceResult r = run(FenceAction.OFF, p);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.success());
        assertEquals(PowerState.UNKNOWN, r.power());
        assertTrue(r.message().startsWith("authentication failed (RAKP"), r.message());
        assertFalse(r.message().contains("Wr0ngPassw0rd"), r.message());
        assertTrue(ms < 3000, "a refused login should fail at once, took " + ms + " ms");
        assertTrue(IpmiSim.running(sim.nodePid()), "the node must not be touched");
        // the BMC still serves the right password (the refused session was freed)
        assertTrue(run(FenceAction.STATUS).success());
    }

    @Test
    @Order(9)
    void unknownUserFailsWithTheReason() {
        Map<String, String> p = params(sim.port());
        p.put("login", "nobody");
        FenceResult r = run(FenceAction.STATUS, p);
        assertFalse(r.success());
        assertTrue(r.message().startsWith("authentication failed (RAKP 2"), r.message());
        assertTrue(r.message().contains("nobody"), r.message());
    }

    @Test
    @Order(10)
    void unreachablePortFailsWithinTheTimeout() throws Exception {
        int port = IpmiSim.freeUdpPort();
        long t0 = System.nanoTime();
        FenceResult r = agent.execute(FenceAction.OFF, params(port), null, Duration.ofSeconds(2));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.success());
        assertTrue(r.message().startsWith("no answer from BMC at 127.0.0.1:" + port + " within 2 s"), r.message());
        assertTrue(ms >= 1900 && ms < 3000, "took " + ms + " ms for a 2 s timeout");
    }

    @Test
    @Order(11)
    void twentyConsecutiveSessionSetUpsAllSucceed() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FenceResult r = run(FenceAction.STATUS);
            if (!r.success() || r.power() != PowerState.ON) {
                failures.add(i + ": " + r.message());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    @Order(12)
    void survivesUdpLossThroughALossyRelay() throws Exception {
        try (LossyUdpRelay relay = new LossyUdpRelay(sim.port(), 3)) {
            Map<String, String> p = params(relay.port());
            p.put("request_timeout", "0.2");
            for (int i = 0; i < 5; i++) {
                FenceResult r = run(FenceAction.STATUS, p);
                assertTrue(r.success(), "status " + i + " through a lossy link: " + r.message());
            }
            long pid = sim.nodePid();
            FenceResult off = run(FenceAction.OFF, p);
            assertTrue(off.success(), off.message());
            assertFalse(IpmiSim.running(pid));
            FenceResult on = run(FenceAction.ON, p);
            assertTrue(on.success(), on.message());
            assertTrue(relay.dropped() > 5, "the relay dropped only " + relay.dropped());
        }
    }

    @Test
    @Order(13)
    void aBmcThatLiesAboutPowerOffMakesOffFail() {
        try (IpmiSim liar = IpmiSim.start("chassis-lying.sh")) {
            Map<String, String> p = params(liar.port());
            long t0 = System.nanoTime();
            FenceResult r = agent.execute(FenceAction.OFF, p, null, Duration.ofSeconds(2));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(r.success(), r.message());
            assertEquals(PowerState.ON, r.power());
            assertTrue(r.message().startsWith("BMC reported the command done but the power is still ON"),
                    r.message());
            assertTrue(ms < 3000, "took " + ms + " ms for a 2 s timeout");
            assertTrue(liar.events().stream().anyMatch(l -> l.contains("set power 0")), "no power off was sent");

            p.put("method", "cycle");
            FenceResult c = agent.execute(FenceAction.REBOOT, p, null, Duration.ofSeconds(2));
            assertFalse(c.success(), c.message());
            assertTrue(c.message().startsWith("BMC reported the command done but the power is still ON"),
                    c.message());

            FenceResult reboot = agent.execute(FenceAction.REBOOT, params(liar.port()), null, Duration.ofSeconds(2));
            assertFalse(reboot.success(), reboot.message());
        }
    }

    @Test
    @Order(14)
    void thePasswordAppearsInNoResultAndNoLog() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Map<String, String> wrong = params(sim.port());
            wrong.put("passwd", "Sup3rS3cretWrong");
            messages.add(run(FenceAction.STATUS, wrong).message());
            messages.add(run(FenceAction.STATUS).message());
            messages.add(run(FenceAction.OFF).message());
            messages.add(run(FenceAction.ON).message());
            Map<String, String> bad = params(sim.port());
            bad.put("ipport", "x");
            messages.add(run(FenceAction.STATUS, bad).message());
        } finally {
            System.setErr(err);
        }
        String all = String.join("\n", messages) + "\n" + captured.toString(StandardCharsets.UTF_8);
        assertFalse(all.contains("Sup3rS3cretWrong"), all);
        assertFalse(all.contains(IpmiSim.PASSWORD), all);
        assertTrue(all.contains("authentication failed"), all);
    }

    private static int indexOf(List<String> lines, String s) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(s)) {
                return i;
            }
        }
        return -1;
    }
}
