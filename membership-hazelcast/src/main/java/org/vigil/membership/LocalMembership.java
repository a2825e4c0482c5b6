package org.vigil.membership;

import java.util.List;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeStatus;

/** The MembershipService other modules see: a read-only face of the engine. */
final class LocalMembership implements MembershipService {

    private final MembershipEngine engine;
    private volatile boolean joined;

    LocalMembership(MembershipEngine engine) {
        this.engine = engine;
    }

    void setJoined(boolean joined) {
        this.joined = joined;
    }

    @Override
    public ClusterNode localNode() {
        return engine.localNode();
    }

    @Override
    public MembershipView currentView() {
        return engine.currentView();
    }

    @Override
    public List<NodeStatus> nodes() {
        return engine.nodes();
    }

    @Override
    public boolean isJoined() {
        return joined;
    }
}
