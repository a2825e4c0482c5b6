package org.vigil.api.fence;

import java.time.Instant;

/**
 * The end of fencing one node, as the fencing daemon records it in its history.
 *
 * @param node       the fenced node's name
 * @param action     OFF or REBOOT
 * @param success    whether the node was fenced (or manually acknowledged)
 * @param device     the device (or "manual acknowledgement") that fenced it, or the last one tried
 * @param by         the node that carried it out
 * @param finishedAt when it ended
 * @param message    what happened, for people
 */
public record FenceOutcome(String node, FenceAction action, boolean success, String device, String by,
                           Instant finishedAt, String message) {
}
