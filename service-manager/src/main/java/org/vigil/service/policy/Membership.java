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
 */
public record Membership(Set<String> members, boolean quorate, Set<String> fenced) {

    /** Checks and copies (sorted by name). */
    public Membership {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(fenced, "fenced");
        members = Collections.unmodifiableSet(new TreeSet<>(members));
        fenced = Collections.unmodifiableSet(new TreeSet<>(fenced));
    }

    /**
     * @param node a node name
     * @return whether it is in this partition
     */
    public boolean isMember(String node) {
        return members.contains(node);
    }
}
