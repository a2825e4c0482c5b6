package org.vigil.fence.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.vigil.fence.testpeers.ApcPdu;
import org.vigil.fence.testpeers.IpmiSim;

/**
 * ClusterLabs fence_apc_snmp (package fence-agents) run by the external agent against a real
 * snmpd emulating an APC rack PDU (packages snmpd, snmp); switching outlet 2 off SIGKILLs the
 * "node" plugged into it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalApcSnmpIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ExternalFenceAgent agent = new ExternalFenceAgent();
    private ApcPdu pdu;
    private Process node;

    @BeforeAll
    void startPdu() {
        IpmiSim.require("fence_apc_snmp", "fence-agents");
        pdu = ApcPdu.start();
        pdu.installKillHook(); // switching outlet N off SIGKILLs its node, logged to state/hook.log
        node = pdu.startNode(2);
    }

    @AfterAll
    void stopPdu() {
        if (pdu != null) {
            pdu.close();
        }
    }

    private Map<String, String> params(String community) {
        Map<String, String> p = new HashMap<>();
        p.put("agent", "fence_apc_snmp");
        p.put("ipaddr", "127.0.0.1");
        p.put("ipport", Integer.toString(pdu.port()));
        p.put("community", community);
        return p;
    }

    private FenceResult run(FenceAction action, String plug) {
        return agent.execute(action, params("private"), plug, TIMEOUT);
    }

    @Test
    @Order(1)
    void listsTheEightOutlets() {
        FenceResult r = run(FenceAction.LIST, null);
        assertTrue(r.success(), r.message());
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), r.plugs());
        assertTrue(run(FenceAction.MONITOR, null).success());
    }

    @Test
    @Order(2)
    void statusOfAPlugByNumberAndByName() {
        FenceResult r = run(FenceAction.STATUS, "2");
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
        FenceResult byName = run(FenceAction.STATUS, "Outlet 3");
        assertTrue(byName.success(), byName.message());
        assertEquals(PowerState.ON, byName.power());
    }

    @Test
    @Order(3)
    void offSwitchesTheOutletAndKillsItsNode() throws Exception {
        FenceResult r = run(FenceAction.OFF, "2");
        assertTrue(r.success(), r.message());
        assertEquals("fence_apc_snmp: powered OFF, confirmed by status", r.message());
        assertTrue(node.waitFor(5, TimeUnit.SECONDS), "the node on outlet 2 still runs");
        assertEquals(137, node.exitValue());
        assertTrue(pdu.hookLog().stream().anyMatch(l -> l.endsWith(" 2 off")), pdu.hookLog().toString());
        assertTrue(pdu.outlets().contains("\"2\": {\"name\": \"Outlet 2\", \"on\": false}"), pdu.outlets());
        assertEquals(PowerState.OFF, run(FenceAction.STATUS, "2").power());
        assertEquals(PowerState.ON, run(FenceAction.STATUS, "1").power(), "another outlet was switched");
    }

    @Test
    @Order(4)
    void onAndRebootSwitchTheOutletBack() {
        FenceResult on = run(FenceAction.ON, "2");
        assertTrue(on.success(), on.message());
        assertEquals(PowerState.ON, on.power());
        FenceResult reboot = run(FenceAction.REBOOT, "4");
        assertTrue(reboot.success(), reboot.message());
        List<String> hook = pdu.hookLog();
        assertTrue(hook.get(hook.size() - 2).endsWith(" 4 off") && hook.get(hook.size() - 1).endsWith(" 4 on"),
                hook.toString());
    }

    @Test
    @Order(5)
    void theReadOnlyCommunityCannotSwitchAndTheCommunityIsNotShown() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        FenceResult r;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r = agent.execute(FenceAction.OFF, params("public"), "3", TIMEOUT);
        } finally {
            System.setErr(err);
        }
        assertFalse(r.success());
        assertTrue(r.message().startsWith("fence_apc_snmp off failed (exit code 1): Returned 2: Error in packet"),
                r.message());
        assertEquals(PowerState.ON, run(FenceAction.STATUS, "3").power(), "outlet 3 was switched off");
        String all = r.message() + captured.toString(StandardCharsets.UTF_8);
        assertTrue(all.contains("external fence_apc_snmp[127.0.0.1 plug 3] OFF failed"), all);
        assertFalse(all.contains("public"), all);
    }

    @Test
    @Order(6)
    void anUnknownPlugIsAFailure() {
        FenceResult r = run(FenceAction.OFF, "33");
        assertFalse(r.success());
        assertTrue(r.message().startsWith("fence_apc_snmp off failed (exit code 1): "), r.message());
    }
}
