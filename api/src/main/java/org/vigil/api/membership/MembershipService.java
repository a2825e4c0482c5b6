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
     * Whether this node takes part in membership (it heartbeats and installs views).
     * {@link org.vigil.api.messaging.ClusterMessaging} is registered separately, once the
     * transport between the nodes is up, usually a moment later.
     *
     * @return true once the node takes part in the cluster
     */
    boolean isJoined();
}
