package org.vigil.api.quorum;

/**
 * A quorum device (qdiskd's disk, corosync's qnetd arbiter): something outside the nodes
 * that gives extra votes to at most one partition. Register implementations as OSGi
 * services; the quorum service uses the one whose name the configuration gives, polling
 * {@link #currentVote()} whenever it computes quorum.
 */
public interface QuorumDevice {

    /** @return the device's name as the configuration and status show it, e.g. {@code "qdisk"} */
    String name();

    /** @return the votes the device gives when it votes for this partition */
    int votes();

    /**
     * Whether the device gives its votes to this node's partition now. Must answer at once
     * (from state the device keeps current on its own thread), never block.
     *
     * @return the device's vote with a reason for people
     */
    QuorumDeviceVote currentVote();
}
