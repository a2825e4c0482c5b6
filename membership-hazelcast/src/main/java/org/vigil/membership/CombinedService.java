package org.vigil.membership;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeStatus;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.NodeUnreachableException;

/** One service object registered under both interfaces, so they come and go together. */
final class CombinedService implements MembershipService, ClusterMessaging {

    private final MembershipService membership;
    private final ClusterMessaging messaging;

    CombinedService(MembershipService membership, ClusterMessaging messaging) {
        this.membership = membership;
        this.messaging = messaging;
    }

    @Override
    public ClusterNode localNode() {
        return membership.localNode();
    }

    @Override
    public MembershipView currentView() {
        return membership.currentView();
    }

    @Override
    public List<NodeStatus> nodes() {
        return membership.nodes();
    }

    @Override
    public boolean isJoined() {
        return membership.isJoined();
    }

    @Override
    public void send(String node, String topic, byte[] payload) throws NodeUnreachableException {
        messaging.send(node, topic, payload);
    }

    @Override
    public void broadcast(String topic, byte[] payload) {
        messaging.broadcast(topic, payload);
    }

    @Override
    public CompletableFuture<byte[]> request(String node, String topic, byte[] payload, Duration timeout) {
        return messaging.request(node, topic, payload, timeout);
    }
}
