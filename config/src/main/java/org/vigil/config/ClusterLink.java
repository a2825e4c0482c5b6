package org.vigil.config;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.vigil.api.membership.MembershipView;

/**
 * What the configuration needs of the cluster it runs in: the view (for the coordinator),
 * quorum, and requests to other nodes on the configuration's topic.
 */
interface ClusterLink {

    /** The topic the configuration's messages travel on. */
    String TOPIC = "vigil.config";

    /** @return this node's name */
    String localNode();

    /** @return the view installed now */
    MembershipView view();

    /** @return empty when the partition is quorate; else why not */
    Optional<String> notQuorate();

    /**
     * @param node    a member
     * @param payload the request
     * @param timeout how long to wait
     * @return the reply
     */
    CompletableFuture<byte[]> request(String node, byte[] payload, Duration timeout);

    /**
     * Where this node stands: in a cluster with a link, in a cluster whose messaging is not up
     * (yet), or not in a cluster (membership not started): then updates change the local file only.
     *
     * @param link     the link when ready
     * @param notReady why updates cannot be made now, when joined but not ready
     */
    record State(ClusterLink link, String notReady) {
        static final State ALONE = new State(null, null);

        boolean alone() {
            return link == null && notReady == null;
        }
    }
}
