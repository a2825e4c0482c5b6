package org.vigil.api.membership;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One installed membership view: the members this node agrees are in the
 * cluster with it, at a generation that only ever grows.
 *
 * @param generation  the view number; every change of membership installs a view with a
 *                    higher generation (cman_tool's "Cluster Generation")
 * @param members     the members, oldest first (ordered by the time their process started,
 *                    then by node id); never empty: the local node is always a member of its
 *                    own view
 * @param local       this node
 * @param installedAt when this node installed the view
 */
public record MembershipView(long generation, List<ClusterNode> members, ClusterNode local,
                             Instant installedAt) {

    /** Copies the member list so the view is immutable. */
    public MembershipView {
        members = List.copyOf(members);
    }

    /**
     * The coordinator: the oldest member of the view (Pacemaker's DC). Whether the
     * coordinator may act also depends on quorum.
     *
     * @return the first member of the view
     */
    public ClusterNode coordinator() {
        return members.get(0);
    }

    /**
     * Whether the named node is a member of this view.
     *
     * @param nodeName a node name
     * @return true when a member has that name
     */
    public boolean contains(String nodeName) {
        return member(nodeName).isPresent();
    }

    /**
     * Looks a member up by name.
     *
     * @param nodeName a node name
     * @return the member, or empty when no member has that name
     */
    public Optional<ClusterNode> member(String nodeName) {
        return members.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** @return true when this node is the coordinator of the view */
    public boolean isLocalCoordinator() {
        return coordinator().equals(local);
    }
}
