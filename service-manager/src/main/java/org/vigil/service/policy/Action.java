package org.vigil.service.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.vigil.api.service.ServiceState;

/**
 * One thing to do. The actions of a decision are in the order to carry them out: every STOP,
 * then every MIGRATE, then every START, then the MARKs. The coordinator starts a service only
 * once every stop of that service (and every stop on the same node) has succeeded; a failed
 * stop is reported as {@link ReportedState#FAILED} and the next decision deals with it.
 *
 * @param kind    what to do
 * @param service the service
 * @param node    where: the node to stop or start it on, the source of a migration; empty for a
 *                MARK of a service that has no owner
 * @param target  the destination of a MIGRATE; empty otherwise
 * @param state   for a MARK, the state the service is now in; for the others, the state they
 *                put it in (STOPPING, STARTING)
 * @param reason  why, for people and the log: "service:web relocated from node1 to node2: node1
 *                fenced; domain web-domain order node1>node2>node3"
 */
public record Action(Kind kind, String service, Optional<String> node, Optional<String> target, ServiceState state,
                     String reason) {

    /** The kinds of action, in the order a decision lists them. */
    public enum Kind {
        /** Stop the service's tree on the node (up the tree). */
        STOP,
        /** Live-migrate the service from {@code node} to {@code target}. */
        MIGRATE,
        /** Start the service's tree on the node (down the tree). */
        START,
        /** Nothing to do on any node: the service's state changed (recovering, failed, stopped...). */
        MARK
    }

    /** Checks. */
    public Action {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if (kind != Kind.MARK && node.isEmpty()) {
            throw new IllegalArgumentException(kind + " of " + service + " needs a node");
        }
        if ((kind == Kind.MIGRATE) != target.isPresent()) {
            throw new IllegalArgumentException("only a MIGRATE has a target");
        }
    }

    /** @return the action as the scenario files write it, without the reason: {@code stop web on node1} */
    public String describe() {
        return switch (kind) {
            case STOP -> "stop " + service + " on " + node.orElseThrow();
            case START -> "start " + service + " on " + node.orElseThrow();
            case MIGRATE -> "migrate " + service + " from " + node.orElseThrow() + " to " + target.orElseThrow();
            case MARK -> "mark " + service + " " + state.name().toLowerCase(Locale.ROOT);
        };
    }

    /** @return {@code stop web on node1: reason} */
    @Override
    public String toString() {
        return describe() + ": " + reason;
    }
}
