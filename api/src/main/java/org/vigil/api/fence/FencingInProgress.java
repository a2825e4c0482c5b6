package org.vigil.api.fence;

import java.time.Instant;

/**
 * A node the cluster has lost and not yet fenced (nor had acknowledged), as the fencing daemon
 * of the asking node knows it: for {@code cluster:status} and {@code fence:} commands.
 *
 * @param node          the lost node's name
 * @param lostAt        when it was lost (left the view, or was found missing at startup)
 * @param by            the node fencing it (the coordinator), or empty when no quorate
 *                      coordinator acts now
 * @param attempts      fencing rounds tried so far (each round walks every level); 0 when
 *                      none yet or not known here
 * @param needsOperator true when only an operator can end it: its only devices are manual,
 *                      or it has no fence methods; run {@code fence:ack NODE} after making sure
 *                      the node is powered off
 * @param status        what is happening, for people, e.g. "waiting post_fail_delay (3 s)",
 *                      "retrying in 8 s: ipmi-node3 off failed: timed out after 60 s"
 */
public record FencingInProgress(String node, Instant lostAt, String by, int attempts, boolean needsOperator,
                                String status) {
}
