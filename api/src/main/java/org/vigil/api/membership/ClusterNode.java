package org.vigil.api.membership;

import java.util.Objects;

/**
 * The identity of one cluster node as the configuration names it.
 *
 * @param id   the node id from {@code cluster.conf} ({@code nodeid}), unique and positive
 * @param name the node name from {@code cluster.conf} ({@code name}), unique
 */
public record ClusterNode(int id, String name) implements Comparable<ClusterNode> {

    /** Checks the invariants: a positive id and a non-blank name. */
    public ClusterNode {
        if (id <= 0) {
            throw new IllegalArgumentException("node id must be positive, got " + id);
        }
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("node name must not be blank");
        }
    }

    /** Orders nodes by node id. */
    @Override
    public int compareTo(ClusterNode other) {
        return Integer.compare(id, other.id);
    }

    @Override
    public String toString() {
        return name + "(" + id + ")";
    }
}
