package org.vigil.fence.manual;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.ParameterType;

/**
 * The {@code manual} fence agent (RHCS {@code fence_manual}, "meatware"): there is no hardware
 * to drive. Powering a node off is an operator's job: OFF and REBOOT fail with a message saying
 * the daemon waits for {@code fence:ack NODE} (fence_ack_manual); the daemon recognises the type,
 * says so loudly and keeps waiting until an operator acknowledges. ON (unfencing) and MONITOR
 * succeed, as there is nothing to switch on or check. STATUS is not supported: nothing can read
 * the node's power, so the daemon never takes an OFF as confirmed.
 */
@Component(service = FenceAgent.class, property = FenceAgent.TYPE_PROPERTY + "=" + ManualFenceAgent.TYPE)
public final class ManualFenceAgent implements FenceAgent {

    /** The device type this agent serves. */
    public static final String TYPE = "manual";

    private static final FenceAgentMetadata METADATA = new FenceAgentMetadata(TYPE,
        "Manual fencing (fence_manual): an operator powers the node off and runs fence:ack NODE",
        List.of(new AgentParameter("nodename", ParameterType.STRING, false, Optional.empty(), false, List.of(),
            "the node this device entry stands for (RHCS fence_manual's per-node parameter; informative)")),
        EnumSet.of(FenceAction.OFF, FenceAction.REBOOT, FenceAction.ON, FenceAction.MONITOR));

    @Override
    public FenceAgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
        if (action == null) {
            return FenceResult.failed("no action given");
        }
        String node = parameters == null ? null : parameters.get("nodename");
        String who = node == null || node.isBlank() ? (plug == null || plug.isBlank() ? "the node" : plug) : node;
        String ack = node == null || node.isBlank() ? "fence:ack NODE" : "fence:ack " + node;
        switch (action) {
            case OFF:
            case REBOOT:
                return FenceResult.failed("waiting for an operator: manual fencing cannot power " + who
                    + " off; make sure it is powered off, then run " + ack);
            case ON:
                return new FenceResult(true, org.vigil.api.fence.PowerState.UNKNOWN, List.of(),
                    "manual fencing has nothing to switch on (an operator powers " + who + " on)");
            case MONITOR:
                return new FenceResult(true, org.vigil.api.fence.PowerState.UNKNOWN, List.of(),
                    "manual fencing needs no device: nothing to check");
            case STATUS:
                return FenceResult.failed("status is not supported by the manual agent: nothing can read the power "
                    + "state of " + who);
            case LIST:
                return FenceResult.failed("list is not supported by the manual agent: it has no plugs");
            default:
                return FenceResult.failed("action " + action + " is not supported by the manual agent");
        }
    }
}
