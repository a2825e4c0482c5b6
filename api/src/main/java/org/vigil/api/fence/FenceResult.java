package org.vigil.api.fence;

import java.util.List;

/**
 * The outcome of one agent action on one device.
 *
 * @param success whether the action did what was asked
 * @param power   the power state found, for STATUS (and after ON/OFF when known)
 * @param plugs   the plugs listed, for LIST
 * @param message what happened, for people and the history; never contains a secret
 */
public record FenceResult(boolean success, PowerState power, List<String> plugs, String message) {

    /** Copies the plug list. */
    public FenceResult {
        plugs = List.copyOf(plugs);
    }

    /**
     * @param message what happened
     * @return a failure with unknown power state
     */
    public static FenceResult failed(String message) {
        return new FenceResult(false, PowerState.UNKNOWN, List.of(), message);
    }
}
