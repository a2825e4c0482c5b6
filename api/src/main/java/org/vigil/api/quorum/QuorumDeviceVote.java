package org.vigil.api.quorum;

/**
 * A quorum device's answer for this partition.
 *
 * @param granted whether the device's votes count for this partition
 * @param reason  why, for people ("master node1 lists us", "no heartbeat written for 3 s")
 */
public record QuorumDeviceVote(boolean granted, String reason) {
}
