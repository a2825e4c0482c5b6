package org.vigil.resource.manager;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceState;

/**
 * The per-resource state machine, a pure function: (state, active, step, result) → new state,
 * active, whether it is a failure, and the step that must follow. The rules:
 * <ul>
 * <li>Only a successful monitor makes a resource RUNNING; a start that succeeds is confirmed by a
 *     monitor at once ({@link Step#CONFIRM}).</li>
 * <li>A failed start, a failed confirmation and a failed monitor of a resource that runs here
 *     make it FAILED, count a failure and are followed by a stop ({@link Step#RECOVERY_STOP}),
 *     so that nothing is left half-started. That stop keeps the state FAILED (the cause stays
 *     visible until a start, a probe or a cleanup). A recovery stop that says the resource cannot
 *     run here (not installed, not configured, ...) is no further failure: it never started.</li>
 * <li>A monitor of a resource not started here (a probe) that finds it not running makes it
 *     STOPPED; one that finds it running makes it RUNNING and active (recurring monitors start).</li>
 * <li>A failed probe whose cause cannot be running here (not installed, not configured, bad
 *     arguments, no permission) is FAILED without a stop; other failed probes are stopped.</li>
 * <li>A stop that fails is FAILED: the resource may still run partly; no further step.</li>
 * <li>No agent: AGENT_MISSING, not a failure of the resource. VALIDATE changes nothing.</li>
 * </ul>
 */
final class ResourceStateMachine {

    private static final Set<OcfStatus> RUNNING = EnumSet.of(OcfStatus.SUCCESS, OcfStatus.DEGRADED,
        OcfStatus.RUNNING_PROMOTED, OcfStatus.DEGRADED_PROMOTED);

    private static final Set<OcfStatus> CANNOT_RUN_HERE = EnumSet.of(OcfStatus.ERR_INSTALLED,
        OcfStatus.ERR_CONFIGURED, OcfStatus.ERR_ARGS, OcfStatus.ERR_PERM, OcfStatus.ERR_UNIMPLEMENTED);

    private ResourceStateMachine() {
    }

    /**
     * @param state  the resource's state before the step
     * @param active whether it was taken to run here
     * @param step   the step that ran
     * @param result its result
     * @return what follows
     */
    static Transition next(ResourceState state, boolean active, Step step, OcfStatus result) {
        if (result == OcfStatus.AGENT_MISSING) {
            return new Transition(ResourceState.AGENT_MISSING, false, false, Optional.empty(), "");
        }
        return switch (step) {
            case VALIDATE -> same(state, active);
            case START -> result == OcfStatus.SUCCESS
                ? new Transition(state, true, false, Optional.of(Step.CONFIRM), "")
                : failedThenStop("");
            case CONFIRM -> RUNNING.contains(result)
                ? running()
                : failedThenStop("start claimed success but the resource is not running");
            case MONITOR -> monitor(active, result);
            case STOP -> result == OcfStatus.SUCCESS || result == OcfStatus.NOT_RUNNING
                ? new Transition(ResourceState.STOPPED, false, false, Optional.empty(), "")
                : new Transition(ResourceState.FAILED, false, true, Optional.empty(), "stop failed: it may still run");
            case RECOVERY_STOP -> result == OcfStatus.SUCCESS || result == OcfStatus.NOT_RUNNING
                    || CANNOT_RUN_HERE.contains(result)
                ? new Transition(ResourceState.FAILED, false, false, Optional.empty(), "")
                : new Transition(ResourceState.FAILED, false, true, Optional.empty(),
                    "stop after the failure failed too: it may still run");
        };
    }

    private static Transition monitor(boolean active, OcfStatus result) {
        if (RUNNING.contains(result)) {
            return running();
        }
        if (active) {
            return failedThenStop(result == OcfStatus.NOT_RUNNING ? "stopped on its own" : "");
        }
        if (result == OcfStatus.NOT_RUNNING) {
            return new Transition(ResourceState.STOPPED, false, false, Optional.empty(), "");
        }
        if (CANNOT_RUN_HERE.contains(result)) {
            return new Transition(ResourceState.FAILED, false, true, Optional.empty(), "");
        }
        return failedThenStop("");
    }

    private static Transition running() {
        return new Transition(ResourceState.RUNNING, true, false, Optional.empty(), "");
    }

    private static Transition same(ResourceState state, boolean active) {
        return new Transition(state, active, false, Optional.empty(), "");
    }

    private static Transition failedThenStop(String note) {
        return new Transition(ResourceState.FAILED, false, true, Optional.of(Step.RECOVERY_STOP), note);
    }
}
