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

    /**
     * The nodes lost and not yet fenced or acknowledged, with what is being done about them.
     *
     * @return one entry per such node, by node name; empty when none (or not known)
     * @since 1.2
     */
    default List<FencingInProgress> pending() {
        return List.of();
    }

    /**
     * The configured fence devices with the agent that serves each.
     *
     * @return the devices of the running configuration, in order; empty when not known
     * @since 1.2
     */
    default List<FenceDeviceInfo> devices() {
        return List.of();
    }

    /**
     * Runs one action on one configured device as fencing would (agent routing, the device's
     * parameters, its timeout), for STATUS, LIST, MONITOR and ON from commands. Fencing a node goes
     * through {@link #fence} instead.
     *
     * @param device the device's name
     * @param action the action
     * @param plug   the plug or outlet; may be null
     * @return the agent's result, or a failure saying why it could not run
     * @since 1.2
     */
    default FenceResult execute(String device, FenceAction action, String plug) {
        return FenceResult.failed("this fencing service cannot run device actions");
    }
}
