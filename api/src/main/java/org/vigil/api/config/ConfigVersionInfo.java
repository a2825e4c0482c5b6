package org.vigil.api.config;

import java.time.Instant;

/**
 * One version of the configuration in a node's history.
 *
 * @param version the {@code config_version}
 * @param time    when it was made (for a file read as it was found: its modification time)
 * @param node    the node it was made on; {@code "-"} when unknown (a file written by hand)
 * @param change  what was done (e.g. {@code "addnode node4"}, {@code "rollback to 3"}); may be empty
 * @param running whether it is the running version
 * @param kept    whether its document is kept on this node (the running file or a backup), so
 *                that it can be rolled back to
 */
public record ConfigVersionInfo(long version, Instant time, String node, String change, boolean running,
                                boolean kept) {
}
