package org.vigil.api.messaging;

/**
 * A message received from another node (or from this node, for a broadcast).
 *
 * @param from    name of the sending node, already authenticated
 * @param topic   the topic it was sent on, e.g. {@code "vigil.config"}
 * @param payload the bytes the sender gave; the topic's owner defines their format
 * @param request true when the sender waits for a reply
 */
public record ClusterMessage(String from, String topic, byte[] payload, boolean request) {
}
