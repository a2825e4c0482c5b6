package org.vigil.api.config;

import java.util.List;

/**
 * The fence devices of a configuration checked against the agents installed on a node.
 *
 * @param errors   parameters an installed agent does not take, malformed values, required ones missing
 * @param warnings devices not checked, e.g. "not checked: agent fence_foo not installed"
 */
public record AgentCheck(List<ConfigProblem> errors, List<ConfigProblem> warnings) {
    /** Copies the lists. */
    public AgentCheck {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
