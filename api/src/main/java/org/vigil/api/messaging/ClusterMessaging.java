package org.vigil.api.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends messages to other nodes. Delivery is to members of the current view only;
 * messages from one sender on one topic arrive in the order they were sent.
 */
public interface ClusterMessaging {

    /**
     * Sends a one-way message to one node.
     *
     * @param node    the receiving node's name
     * @param topic   the topic
     * @param payload the bytes
     * @throws NodeUnreachableException when the node is not a member of the current view
     */
    void send(String node, String topic, byte[] payload) throws NodeUnreachableException;

    /**
     * Sends a one-way message to every member of the current view, this node included.
     *
     * @param topic   the topic
     * @param payload the bytes
     */
    void broadcast(String topic, byte[] payload);

    /**
     * Sends a request to one node and waits for its handler's reply.
     *
     * @param node    the receiving node's name
     * @param topic   the topic
     * @param payload the bytes
     * @param timeout how long to wait for the reply
     * @return completes with the reply; or exceptionally with
     *         {@link java.util.concurrent.TimeoutException} after the timeout,
     *         {@link NodeUnreachableException} when the node is not (or no longer) a member,
     *         {@link RemoteFailureException} when its handler failed or none is registered
     */
    CompletableFuture<byte[]> request(String node, String topic, byte[] payload, Duration timeout);
}
