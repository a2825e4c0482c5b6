package org.vigil.api.fence;

import java.util.List;
import java.util.Set;

/**
 * What a fence agent is and takes.
 *
 * @param type        the device type, e.g. {@code ipmi}; equals the service's
 *                    {@value FenceAgent#TYPE_PROPERTY} property
 * @param description one sentence for people
 * @param parameters  the parameters a device of this type takes
 * @param actions     the actions it supports
 */
public record FenceAgentMetadata(String type, String description, List<AgentParameter> parameters,
                                 Set<FenceAction> actions) {

    /** Copies the collections. */
    public FenceAgentMetadata {
        parameters = List.copyOf(parameters);
        actions = Set.copyOf(actions);
    }
}
