package org.vigil.membership;

/**
 * One message between nodes as it travels.
 *
 * @param kind        one-way, request, reply or failure
 * @param from        sending node's name
 * @param to          receiving node's name; empty for a broadcast
 * @param topic       the topic
 * @param incarnation the sender process's incarnation
 * @param sequence    grows per message of this incarnation (replay protection)
 * @param correlation ties a reply to its request
 * @param payload     the bytes; for a failure, the explanation in UTF-8
 */
record Envelope(Kind kind, String from, String to, String topic, long incarnation, long sequence, long correlation,
                byte[] payload) {

    enum Kind { ONE_WAY, REQUEST, REPLY, FAILURE }
}
