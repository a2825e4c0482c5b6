package org.vigil.api.fence;

import java.util.Map;

/**
 * A configured fence device as the fencing daemon resolves it: which installed agent serves
 * it (see the routing of {@code <fencedevice agent=...>} in the fence agents' README).
 *
 * @param name       the device name ({@code <fencedevice name>})
 * @param agent      the agent as configured, e.g. {@code fence_ipmilan} or {@code ipmi}
 * @param type       the agent type that serves it ({@value FenceAgent#TYPE_PROPERTY}), e.g.
 *                   {@code external}; the wanted type when it is not installed
 * @param installed  whether an agent of that type is running on this node
 * @param parameters the device's parameters in order, secrets shown as {@code ****}
 * @param note       for people: how it was routed, or why it cannot be used
 */
public record FenceDeviceInfo(String name, String agent, String type, boolean installed,
                              Map<String, String> parameters, String note) {

    /** Copies the parameters, keeping their order. */
    public FenceDeviceInfo {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
