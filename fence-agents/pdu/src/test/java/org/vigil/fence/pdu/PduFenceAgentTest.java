package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/** The agent's entry point: checking before any packet, the session per action, the metadata. */
class PduFenceAgentTest {

    @Test
    void badParametersOrAMissingPlugFailBeforeAnythingIsSent() {
        AtomicInteger opened = new AtomicInteger();
        PduFenceAgent agent = new PduFenceAgent((t, d) -> {
            opened.incrementAndGet();
            return new MemoryPdu(2);
        });
        FenceResult noIp = agent.execute(FenceAction.OFF, Map.of("community", "s3cret"), "1", Duration.ofSeconds(5));
        assertFalse(noIp.success());
        assertEquals("invalid pdu device parameters: ipaddr is required", noIp.message());
        FenceResult noPlug = agent.execute(FenceAction.OFF, Map.of("ipaddr", "pdu1"), null, Duration.ofSeconds(5));
        assertFalse(noPlug.success());
        assertTrue(noPlug.message().startsWith("no plug given"), noPlug.message());
        FenceResult v3 = agent.execute(FenceAction.STATUS, Map.of("ipaddr", "pdu1", "snmp_version", "3"), "1", null);
        assertFalse(v3.success());
        assertTrue(v3.message().contains("login (the SNMP v3 user) is required"), v3.message());
        assertEquals(0, opened.get());
    }

    @Test
    void eachActionGetsItsOwnSessionWithTheShorterTimeout() {
        AtomicInteger opened = new AtomicInteger();
        PduFenceAgent agent = new PduFenceAgent((t, d) -> {
            opened.incrementAndGet();
            assertTrue(d.total().compareTo(Duration.ofSeconds(3)) <= 0, "the daemon's shorter timeout applies");
            return new MemoryPdu(2);
        });
        FenceResult off = agent.execute(FenceAction.OFF, Map.of("ipaddr", "pdu1"), "2", Duration.ofSeconds(3));
        assertTrue(off.success(), off.message());
        FenceResult status = agent.execute(FenceAction.STATUS, Map.of("ipaddr", "pdu1"), "2", Duration.ofSeconds(3));
        assertEquals(PowerState.ON, status.power(), "a new session is a new (memory) PDU");
        assertEquals(2, opened.get());
        FenceResult list = agent.execute(FenceAction.LIST, Map.of("ipaddr", "pdu1"), null, Duration.ofSeconds(3));
        assertEquals(2, list.plugs().size());
    }

    @Test
    void theMetadataNamesTheTypeAndEveryAction() {
        PduFenceAgent agent = new PduFenceAgent();
        assertEquals("pdu", agent.metadata().type());
        assertEquals(EnumSet.allOf(FenceAction.class), agent.metadata().actions());
    }
}
