package org.vigil.api.membership;

import java.time.Instant;
import java.util.Optional;

/**
 * What the local node knows of one configured node.
 *
 * @param node     the configured node
 * @param state    member, dead or disallowed
 * @param since    when the node entered that state, as seen locally; empty when never seen
 * @param address  the address the node was last heard from (or is configured at), as text
 * @param incarnation a number that changes each time the node's process starts; 0 when unknown
 * @param reason   why the node is not a member, for people ("no heartbeat for 612 ms",
 *                 "refused: cluster name 'other' is not 'demo'"); empty for members
 */
public record NodeStatus(ClusterNode node, NodeState state, Optional<Instant> since, String address,
                         long incarnation, String reason) {
}
