package org.vigil.api.messaging;

/**
 * Receives messages of one topic. Register as an OSGi service with the property
 * {@value #TOPIC_PROPERTY} naming the topic (whiteboard).
 */
@FunctionalInterface
public interface MessageHandler {

    /** Service property naming the topic a handler receives. */
    String TOPIC_PROPERTY = "vigil.message.topic";

    /**
     * Handles one message.
     *
     * @param message the message
     * @return for a request, the reply payload (null replies with an empty payload);
     *         ignored for one-way messages
     * @throws Exception to fail a request: the requester's future completes with a
     *                   {@link RemoteFailureException} carrying the message
     */
    byte[] onMessage(ClusterMessage message) throws Exception;
}
