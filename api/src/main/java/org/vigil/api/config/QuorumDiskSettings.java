package org.vigil.api.config;

import java.time.Duration;

/**
 * A {@code <quorumd>}: the quorum disk.
 *
 * @param device   the shared file (or block device) nodes heartbeat into
 * @param label    the disk's label, for people
 * @param votes    the votes the disk gives to the partition that holds it
 * @param interval how often each node writes its heartbeat ({@code interval}, seconds)
 * @param tko      missed heartbeats after which a node counts as dead on the disk
 */
public record QuorumDiskSettings(String device, String label, int votes, Duration interval, int tko) {
}
