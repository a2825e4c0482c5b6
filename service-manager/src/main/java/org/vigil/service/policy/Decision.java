package org.vigil.service.policy;

import java.util.List;
import java.util.Objects;

/**
 * What the policy decided.
 *
 * @param actions  what to do, in order (see {@link Action})
 * @param outcomes one per request, in the order of the requests
 * @param table    the new service table: every configured service, in configuration order
 */
public record Decision(List<Action> actions, List<RequestOutcome> outcomes, ServiceTable table) {

    /** Checks and copies. */
    public Decision {
        actions = List.copyOf(actions);
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(table, "table");
    }
}
