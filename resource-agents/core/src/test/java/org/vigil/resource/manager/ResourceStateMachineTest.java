package org.vigil.resource.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceState;

/** The state machine as a table: state, active, step, result → state, active, failure, follow-up. */
class ResourceStateMachineTest {

    @ParameterizedTest(name = "{0} active={1} {2} {3} -> {4} active={5} failure={6} then {7}")
    @CsvSource(delimiter = '|', textBlock = """
        # state       | active | step          | result            | new state     | active | failure | follow-up
        UNKNOWN       | false  | MONITOR       | SUCCESS           | RUNNING       | true   | false   | -
        UNKNOWN       | false  | MONITOR       | NOT_RUNNING       | STOPPED       | false  | false   | -
        UNKNOWN       | false  | MONITOR       | DEGRADED          | RUNNING       | true   | false   | -
        UNKNOWN       | false  | MONITOR       | ERR_GENERIC       | FAILED        | false  | true    | RECOVERY_STOP
        UNKNOWN       | false  | MONITOR       | TIMED_OUT         | FAILED        | false  | true    | RECOVERY_STOP
        UNKNOWN       | false  | MONITOR       | ERR_INSTALLED     | FAILED        | false  | true    | -
        UNKNOWN       | false  | MONITOR       | ERR_CONFIGURED    | FAILED        | false  | true    | -
        UNKNOWN       | false  | MONITOR       | ERR_PERM          | FAILED        | false  | true    | -
        UNKNOWN       | false  | MONITOR       | AGENT_MISSING     | AGENT_MISSING | false  | false   | -
        STOPPED       | false  | START         | SUCCESS           | STOPPED       | true   | false   | CONFIRM
        STOPPED       | false  | START         | ERR_GENERIC       | FAILED        | false  | true    | RECOVERY_STOP
        STOPPED       | false  | START         | TIMED_OUT         | FAILED        | false  | true    | RECOVERY_STOP
        STOPPED       | false  | START         | ERR_CONFIGURED    | FAILED        | false  | true    | RECOVERY_STOP
        STOPPED       | false  | START         | NOT_RUNNING       | FAILED        | false  | true    | RECOVERY_STOP
        STOPPED       | false  | START         | AGENT_MISSING     | AGENT_MISSING | false  | false   | -
        STOPPED       | true   | CONFIRM       | SUCCESS           | RUNNING       | true   | false   | -
        STOPPED       | true   | CONFIRM       | RUNNING_PROMOTED  | RUNNING       | true   | false   | -
        STOPPED       | true   | CONFIRM       | NOT_RUNNING       | FAILED        | false  | true    | RECOVERY_STOP
        STOPPED       | true   | CONFIRM       | TIMED_OUT         | FAILED        | false  | true    | RECOVERY_STOP
        STOPPED       | true   | CONFIRM       | ERR_GENERIC       | FAILED        | false  | true    | RECOVERY_STOP
        RUNNING       | true   | MONITOR       | SUCCESS           | RUNNING       | true   | false   | -
        RUNNING       | true   | MONITOR       | NOT_RUNNING       | FAILED        | false  | true    | RECOVERY_STOP
        RUNNING       | true   | MONITOR       | ERR_GENERIC       | FAILED        | false  | true    | RECOVERY_STOP
        RUNNING       | true   | MONITOR       | FAILED_PROMOTED   | FAILED        | false  | true    | RECOVERY_STOP
        RUNNING       | true   | MONITOR       | TIMED_OUT         | FAILED        | false  | true    | RECOVERY_STOP
        RUNNING       | true   | MONITOR       | ERR_INSTALLED     | FAILED        | false  | true    | RECOVERY_STOP
        RUNNING       | true   | MONITOR       | AGENT_MISSING     | AGENT_MISSING | false  | false   | -
        RUNNING       | true   | STOP          | SUCCESS           | STOPPED       | false  | false   | -
        RUNNING       | true   | STOP          | NOT_RUNNING       | STOPPED       | false  | false   | -
        RUNNING       | true   | STOP          | ERR_GENERIC       | FAILED        | false  | true    | -
        RUNNING       | true   | STOP          | TIMED_OUT         | FAILED        | false  | true    | -
        FAILED        | false  | STOP          | SUCCESS           | STOPPED       | false  | false   | -
        FAILED        | false  | RECOVERY_STOP | SUCCESS           | FAILED        | false  | false   | -
        FAILED        | false  | RECOVERY_STOP | NOT_RUNNING       | FAILED        | false  | false   | -
        FAILED        | false  | RECOVERY_STOP | ERR_CONFIGURED    | FAILED        | false  | false   | -
        FAILED        | false  | RECOVERY_STOP | ERR_GENERIC       | FAILED        | false  | true    | -
        FAILED        | false  | RECOVERY_STOP | TIMED_OUT         | FAILED        | false  | true    | -
        FAILED        | false  | START         | SUCCESS           | FAILED        | true   | false   | CONFIRM
        FAILED        | false  | MONITOR       | NOT_RUNNING       | STOPPED       | false  | false   | -
        FAILED        | false  | MONITOR       | SUCCESS           | RUNNING       | true   | false   | -
        AGENT_MISSING | false  | MONITOR       | SUCCESS           | RUNNING       | true   | false   | -
        AGENT_MISSING | false  | MONITOR       | NOT_RUNNING       | STOPPED       | false  | false   | -
        RUNNING       | true   | VALIDATE      | ERR_CONFIGURED    | RUNNING       | true   | false   | -
        STOPPED       | false  | VALIDATE      | SUCCESS           | STOPPED       | false  | false   | -
        """)
    void transitions(ResourceState state, boolean active, Step step, OcfStatus result, ResourceState newState,
                     boolean newActive, boolean failure, String followUp) {
        Transition t = ResourceStateMachine.next(state, active, step, result);
        assertEquals(newState, t.state(), "state");
        assertEquals(newActive, t.active(), "active");
        assertEquals(failure, t.failure(), "failure");
        assertEquals("-".equals(followUp) ? Optional.empty() : Optional.of(Step.valueOf(followUp)), t.followUp(), "follow-up");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        CONFIRM       | true  | NOT_RUNNING   | start claimed success but the resource is not running
        MONITOR       | true  | NOT_RUNNING   | stopped on its own
        STOP          | true  | ERR_GENERIC   | stop failed: it may still run
        RECOVERY_STOP | false | ERR_GENERIC   | stop after the failure failed too: it may still run
        """)
    void notesSayWhatTheManagerConcluded(Step step, boolean active, OcfStatus result, String note) {
        assertEquals(note, ResourceStateMachine.next(ResourceState.RUNNING, active, step, result).note());
    }
}
