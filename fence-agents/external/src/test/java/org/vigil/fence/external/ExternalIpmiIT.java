package org.vigil.fence.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
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
 * ClusterLabs fence_ipmilan (package fence-agents) run by the external agent against a real
 * OpenIPMI ipmi_sim BMC whose power off SIGKILLs a "node" process the test started. Fails (does
 * not skip) when fence_ipmilan, ipmitool or ipmi_sim is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalIpmiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ExternalFenceAgent agent = new ExternalFenceAgent();
    private IpmiSim sim;
    private Process node;

    @BeforeAll
    void startBmc() {
        IpmiSim.require("fence_ipmilan", "fence-agents");
        IpmiSim.require("ipmitool", "ipmitool");
        sim = IpmiSim.start();
        node = sim.startNode();
    }

    @AfterAll
    void stopBmc() {
        if (sim != null) {
            sim.close();
        }
    }

    /** Pacemaker's names; cipher 3 (ipmi_sim cannot list suites), power_wait 0 (status is checked anyway). */
    static Map<String, String> params(int port) {
        Map<String, String> p = new HashMap<>();
        p.put("agent", "fence_ipmilan");
        p.put("ip", "127.0.0.1");
        p.put("ipport", Integer.toString(port));
        p.put("username", IpmiSim.USER);
        p.put("password", IpmiSim.PASSWORD);
        p.put("lanplus", "1");
        p.put("cipher", "3");
        p.put("power_wait", "0");
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
    void statusReadsOnAndMonitorAnswers() {
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
        assertEquals("fence_ipmilan: powered OFF, confirmed by status", r.message());
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
    void onStartsTheNodeAgainWithTheClusterConfNames() {
        Map<String, String> p = params(sim.port());
        // RHCS cluster.conf names (deprecated aliases the agent still takes)
        p.put("ipaddr", p.remove("ip"));
        p.put("login", p.remove("username"));
        p.put("passwd", p.remove("password"));
        FenceResult r = run(FenceAction.ON, p);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
        assertTrue(IpmiSim.running(sim.nodePid()), "no node process after ON");
    }

    @Test
    @Order(4)
    void rebootKillsTheNodeThenStartsANewOne() {
        long before = sim.nodePid();
        FenceResult r = run(FenceAction.REBOOT);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
        assertFalse(IpmiSim.running(before), "the old node survived the reboot");
        long after = sim.nodePid();
        assertNotEquals(before, after);
        assertTrue(IpmiSim.running(after), "no new node after the reboot");
    }

    @Test
    @Order(5)
    void listIsRefusedClearlyByABmc() {
        FenceResult r = run(FenceAction.LIST);
        assertFalse(r.success());
        assertEquals("fence_ipmilan cannot list plugs: it answered 'NOTICE: List option is not working on this device "
                + "yet' (a device without plugs, or list is not implemented by the agent)", r.message());
    }

    @Test
    @Order(6)
    void wrongPasswordFailsWithTheAgentsReasonAndNoSecretAnywhere() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Map<String, String> wrong = params(sim.port());
        wrong.put("password", "Wr0ng-Pa55word");
        FenceResult r;
        FenceResult ok;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r = run(FenceAction.OFF, wrong);
            ok = run(FenceAction.OFF);
            run(FenceAction.ON);
        } finally {
            System.setErr(err);
        }
        assertFalse(r.success());
        assertEquals("fence_ipmilan off failed (exit code 1): Failed: Unable to obtain correct plug status or plug "
                + "is not available", r.message());
        assertTrue(ok.success(), ok.message());
        String all = r.message() + "\n" + ok.message() + "\n" + captured.toString(StandardCharsets.UTF_8);
        assertTrue(all.contains("external fence_ipmilan[127.0.0.1] OFF failed"), all);
        assertFalse(all.contains("Wr0ng-Pa55word"), all);
        assertFalse(all.contains(IpmiSim.PASSWORD), all);
        assertTrue(IpmiSim.running(sim.nodePid()), "the node should be on again");
    }

    @Test
    @Order(7)
    void aBmcThatLiesAboutPowerOffIsAFailure() {
        try (IpmiSim liar = IpmiSim.start("chassis-lying.sh")) {
            Map<String, String> p = params(liar.port());
            p.put("power_timeout", "1");
            FenceResult r = agent.execute(FenceAction.OFF, p, null, Duration.ofSeconds(4));
            assertFalse(r.success(), r.message());
            assertTrue(r.message().startsWith("fence_ipmilan off failed (exit code 1): Failed: Timed out waiting to "
                    + "power OFF") || r.message().startsWith("power off not confirmed"), r.message());
            assertTrue(liar.events().stream().anyMatch(l -> l.contains("set power 0")), "no power off was sent");
        }
    }
}
