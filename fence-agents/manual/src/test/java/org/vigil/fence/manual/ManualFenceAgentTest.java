package org.vigil.fence.manual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

class ManualFenceAgentTest {

    private final ManualFenceAgent agent = new ManualFenceAgent();

    @Test
    void offAndRebootWaitForAnOperatorNamingTheNode() {
        for (FenceAction a : new FenceAction[] {FenceAction.OFF, FenceAction.REBOOT}) {
            FenceResult r = agent.execute(a, Map.of("nodename", "node3"), null, Duration.ofSeconds(5));
            assertFalse(r.success(), a + " must never report success");
            assertEquals(PowerState.UNKNOWN, r.power());
            assertTrue(r.message().startsWith("waiting for an operator"), r.message());
            assertTrue(r.message().contains("fence:ack node3"), r.message());
        }
    }

    @Test
    void withoutNodenameTheMessageStillSaysWhatToRun() {
        FenceResult r = agent.execute(FenceAction.OFF, Map.of(), null, Duration.ofSeconds(5));
        assertFalse(r.success());
        assertTrue(r.message().contains("fence:ack NODE"), r.message());
    }

    @Test
    void statusIsNotSupportedAndNotInTheMetadata() {
        assertFalse(agent.metadata().actions().contains(FenceAction.STATUS));
        assertFalse(agent.metadata().actions().contains(FenceAction.LIST));
        FenceResult r = agent.execute(FenceAction.STATUS, Map.of(), "x", Duration.ofSeconds(5));
        assertFalse(r.success());
        assertTrue(r.message().contains("not supported"), r.message());
    }

    @Test
    void onAndMonitorHaveNothingToDo() {
        assertTrue(agent.execute(FenceAction.ON, Map.of(), null, Duration.ofSeconds(5)).success());
        assertTrue(agent.execute(FenceAction.MONITOR, Map.of(), null, Duration.ofSeconds(5)).success());
        assertEquals("manual", agent.metadata().type());
    }

    @Test
    void aMissingActionIsAFailureNotAnException() {
        assertFalse(agent.execute(null, null, null, null).success());
    }
}
