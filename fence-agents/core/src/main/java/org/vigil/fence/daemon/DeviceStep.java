package org.vigil.fence.daemon;

import java.time.Duration;
import java.util.Map;
import org.vigil.api.config.Secrets;
import org.vigil.api.fence.FenceAction;

/**
 * One device of a node's fence level, resolved: the agent type that serves it, the merged
 * parameters (device's, overridden by the node's {@code <device>}; secrets included, never
 * logged), the plug, and what the daemon does with it.
 *
 * @param device     the device name
 * @param route      which agent serves it (or why none does)
 * @param parameters what the agent gets (without name, port/plug, action, delay)
 * @param plug       the node's plug, outlet or port; null when not given
 * @param action     OFF, or REBOOT (off, confirmed off, then on)
 * @param delay      waited before the first attempt with this device (two-node fence races)
 * @param timeout    the longest one agent action may take
 * @param problem    why this device cannot be used as configured (bad delay or timeout,
 *                   unknown device); null when fine
 */
record DeviceStep(String device, AgentRouting.Route route, Map<String, String> parameters, String plug,
                  FenceAction action, Duration delay, Duration timeout, String problem) {

    DeviceStep {
        parameters = Map.copyOf(parameters);
    }

    /** @return the device with its plug, as people see it: {@code apc_a:3} */
    String label() {
        return plug == null ? device : device + ":" + plug;
    }

    /** @return whether the manual agent serves it (an operator must act) */
    boolean manual() {
        return AgentRouting.MANUAL.equals(route.type());
    }

    /** Secrets are masked. */
    @Override
    public String toString() {
        return "DeviceStep[" + label() + " type=" + route.type() + " action=" + action + " parameters="
            + Secrets.masked(parameters) + "]";
    }
}
