package org.vigil.service.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.config.FailoverDomain;
import org.vigil.api.config.FailoverDomainNode;

/**
 * A service's failover domain as placement uses it: membership, priorities and flags, and the
 * words that explain it ("domain web-domain order node1>node2>node3").
 */
final class DomainView {

    /** The priority of a member written without one, and of nodes outside the domain: the lowest. */
    static final int NO_PRIORITY = Integer.MAX_VALUE;

    /** For a service without a domain: every member, no order. */
    static final DomainView NONE = new DomainView(Optional.empty(), false, false, false, Map.of(), List.of());

    private final Optional<String> name;
    private final boolean ordered;
    private final boolean restricted;
    private final boolean noFailback;
    private final Map<String, Integer> priorities;
    private final List<String> nodesInOrder;

    private DomainView(Optional<String> name, boolean ordered, boolean restricted, boolean noFailback,
                       Map<String, Integer> priorities, List<String> nodesInOrder) {
        this.name = name;
        this.ordered = ordered;
        this.restricted = restricted;
        this.noFailback = noFailback;
        this.priorities = priorities;
        this.nodesInOrder = nodesInOrder;
    }

    static DomainView of(FailoverDomain d, Map<String, Integer> nodeIds) {
        Map<String, Integer> prio = new HashMap<>();
        List<String> nodes = new ArrayList<>();
        for (FailoverDomainNode n : d.nodes()) {
            if (n.name().isEmpty() || prio.containsKey(n.name())) {
                continue;
            }
            prio.put(n.name(), d.ordered() ? n.priority().orElse(NO_PRIORITY) : NO_PRIORITY);
            nodes.add(n.name());
        }
        nodes.sort((a, b) -> {
            int c = Integer.compare(prio.get(a), prio.get(b));
            return c != 0 ? c : Integer.compare(nodeIds.getOrDefault(a, Integer.MAX_VALUE),
                nodeIds.getOrDefault(b, Integer.MAX_VALUE));
        });
        return new DomainView(Optional.of(d.name()), d.ordered(), d.restricted(), d.noFailback(), prio,
            List.copyOf(nodes));
    }

    Optional<String> name() {
        return name;
    }

    boolean ordered() {
        return ordered;
    }

    boolean restricted() {
        return restricted;
    }

    boolean noFailback() {
        return noFailback;
    }

    boolean contains(String node) {
        return priorities.containsKey(node);
    }

    boolean isEmpty() {
        return priorities.isEmpty();
    }

    /** @return 0 for a member of the domain (or any node when there is no domain), 1 for a node outside it */
    int tier(String node) {
        return name.isEmpty() || contains(node) ? 0 : 1;
    }

    /** @return the node's priority in an ordered domain (1 highest), else {@link #NO_PRIORITY} */
    int priority(String node) {
        return ordered ? priorities.getOrDefault(node, NO_PRIORITY) : NO_PRIORITY;
    }

    /**
     * @param a a node
     * @param b another
     * @return whether {@code a} is preferred to {@code b} by the domain alone (membership, then priority)
     */
    boolean better(String a, String b) {
        int c = Integer.compare(tier(a), tier(b));
        if (c != 0) {
            return c < 0;
        }
        return priority(a) < priority(b);
    }

    /** @return "domain web order node1>node2=node3", "domain d1 unordered", or "no failover domain" */
    String describe() {
        if (name.isEmpty()) {
            return "no failover domain";
        }
        StringBuilder b = new StringBuilder("domain ").append(name.get());
        if (ordered) {
            b.append(" order ");
            for (int i = 0; i < nodesInOrder.size(); i++) {
                if (i > 0) {
                    b.append(priority(nodesInOrder.get(i)) == priority(nodesInOrder.get(i - 1)) ? "=" : ">");
                }
                b.append(nodesInOrder.get(i));
            }
        } else {
            b.append(" unordered");
        }
        return b.toString();
    }

    /** @return "restricted domain d1", "domain d1" */
    String label() {
        return (restricted ? "restricted domain " : "domain ") + name.orElse("");
    }
}
