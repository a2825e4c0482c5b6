package org.vigil.service.policy;

import java.util.Objects;

/**
 * What became of one operator request.
 *
 * @param request  the request
 * @param accepted whether it is carried out by this decision (its actions are in the decision)
 *                 or already true; false when refused
 * @param message  a sentence for people: what will happen, or why not
 *                 ("the cluster-wide lock is held: no relocation")
 */
public record RequestOutcome(OperatorRequest request, boolean accepted, String message) {

    /** Checks. */
    public RequestOutcome {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return request + " -> " + (accepted ? "accepted" : "refused") + ": " + message;
    }
}
