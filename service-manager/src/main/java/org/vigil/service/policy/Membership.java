package org.vigil.service.policy;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collections;

/**
 * The partition the policy decides for.
 *
 * @param members the names of the nodes in this partition (online, heard from)
 * @param quorate whether this partition has quorum; without it the policy only stops services
 * @param fenced  nodes that left the cluster and have since been fenced successfully (power off
 *                confirmed), so that nothing of theirs can still run; a node that left and is not
 *                in this set may still run its services, and none of them is moved. Members in
 *                this set are ignored (they came back).
 * @param shuttingDown members that announced a clean shutdown: nothing is started on them, and
 *                what runs there moves to another node before they leave (or stops there when no
 *                other node may run it)
 */
public record Membership(Set<String> members, boolean quorate, Set<String> fenced, Set<String> shuttingDown) {

    /** Checks and copies (sorted by name). */
    public Membership {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(fenced, "fenced");
        Objects.requireNonNull(shuttingDown, "shuttingDown");
        members = Collections.unmodifiableSet(new TreeSet<>(members));
        fenced = Collections.unmodifiableSet(new TreeSet<>(fenced));
        shuttingDown = Collections.unmodifiableSet(new TreeSet<>(shuttingDown));
    }

    /** A partition where no member is shutting down. */
    public Membership(Set<String> members, boolean quorate, Set<String> fenced) {
        this(members, quorate, fenced, Set.of());
    }

    /**
     * @param node a node name
     * @return whether it is in this partition
     */
    public boolean isMember(String node) {
        return members.contains(node);
    }
}
