package org.vigil.service.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One service as one node reports it.
 *
 * @param state    its state on that node
 * @param restarts when the node restarted it in place on its own (for instance after a monitor
 *                 failure its resource manager recovered); the policy counts these together with
 *                 the restarts it decided itself against {@code max_restarts}; oldest first, may be empty
 */
public record ReportedService(ReportedState state, List<Instant> restarts) {

    /** Checks and copies. */
    public ReportedService {
        Objects.requireNonNull(state, "state");
        restarts = List.copyOf(restarts);
    }

    /**
     * @param state its state on the node
     * @return a report without restart history
     */
    public static ReportedService of(ReportedState state) {
        return new ReportedService(state, List.of());
    }
}
