package org.vigil.resource.manager;

import org.vigil.api.resource.ResourceOperation;

/**
 * One step the manager runs on a resource: the four API operations, plus the two it adds on
 * its own (the monitor that confirms a start, and the stop that follows a failure).
 */
enum Step {
    /** Bring it up. */
    START(ResourceOperation.START),
    /** The monitor right after a start that claimed success: only this makes it RUNNING. */
    CONFIRM(ResourceOperation.MONITOR),
    /** A probe, a recurring or a manual monitor. */
    MONITOR(ResourceOperation.MONITOR),
    /** An operator's or the service manager's stop. */
    STOP(ResourceOperation.STOP),
    /** The stop after a failed start or monitor, so that nothing is left half-started. */
    RECOVERY_STOP(ResourceOperation.STOP),
    /** A parameter check. */
    VALIDATE(ResourceOperation.VALIDATE);

    private final ResourceOperation operation;

    Step(ResourceOperation operation) {
        this.operation = operation;
    }

    /** @return the agent operation this step runs */
    ResourceOperation operation() {
        return operation;
    }

    /**
     * @param operation an operation asked through the API
     * @return the step that runs it
     */
    static Step of(ResourceOperation operation) {
        return switch (operation) {
            case START -> START;
            case STOP -> STOP;
            case MONITOR -> MONITOR;
            case VALIDATE -> VALIDATE;
        };
    }
}
