package org.vigil.api.config;

import java.util.OptionalInt;

/**
 * A {@code <clusternode>}: one node of the cluster.
 *
 * @param name    the node name (unique)
 * @param nodeId  the node id (unique, positive)
 * @param votes   its votes (0 or more; 1 by default)
 * @param address where the node listens: the {@code address} attribute, else the name
 *                (resolved by the system's resolver)
 * @param port    the node's cluster port (TCP for the transport, UDP for heartbeats):
 *                the {@code port} attribute, if given
 */
public record NodeDefinition(String name, int nodeId, int votes, String address, OptionalInt port) {
}
