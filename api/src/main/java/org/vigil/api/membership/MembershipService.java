package org.vigil.api.membership;

import java.util.List;

/**
 * The local node's membership: the current view and the state of every configured node.
 * Registered by the membership implementation once this node has started to take part.
 */
public interface MembershipService {

    /** @return this node */
    ClusterNode localNode();

    /** @return the view installed now; never null */
    MembershipView currentView();

    /**
     * @return every node of the configuration, by node id, with its state as seen from here
     */
    List<NodeStatus> nodes();

    /**
     * Whether the membership layer has joined: its transport is up and it heartbeats.
     *
     * @return true once the node takes part in the cluster
     */
    boolean isJoined();
}
