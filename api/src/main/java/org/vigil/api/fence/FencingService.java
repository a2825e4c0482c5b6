package org.vigil.api.fence;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fencing daemon. Recovery of a failed node's work (services, locks, journals)
 * waits until {@link #isSafelyFenced} says so.
 */
public interface FencingService {

    /**
     * Fences a node now with its configured methods, in order.
     *
     * @param node   the node's name
     * @param action OFF or REBOOT
     * @return completes when the node is fenced or every method failed and the daemon gave up
     * @throws IllegalArgumentException when no such node is configured
     */
    CompletableFuture<FenceOutcome> fence(String node, FenceAction action);

    /**
     * Whether the node has been fenced (or acknowledged) since it last left the cluster,
     * so its work may be recovered.
     *
     * @param node the node's name
     * @return true when fenced since it was last lost
     */
    boolean isSafelyFenced(String node);

    /**
     * An operator's statement that the node is down (fence_ack_manual).
     *
     * @param node the node's name
     */
    void acknowledge(String node);

    /** @return past outcomes, newest last */
    List<FenceOutcome> history();
}
