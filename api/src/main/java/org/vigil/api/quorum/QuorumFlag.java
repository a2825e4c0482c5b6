package org.vigil.api.quorum;

/** Flags shown with the quorum state, as {@code corosync-quorumtool} and {@code cman_tool status} show them. */
public enum QuorumFlag {
    /** The partition holds quorum. */
    QUORATE,
    /** Two-node mode: each node alone is quorate (fencing races decide). */
    TWO_NODE,
    /** wait_for_all is configured. */
    WAIT_FOR_ALL,
    /** wait_for_all is configured and not every node has been seen at once yet: not quorate. */
    WAITING_FOR_ALL,
    /** last_man_standing is configured. */
    LAST_MAN_STANDING,
    /** auto_tie_breaker is configured. */
    AUTO_TIE_BREAKER,
    /** A quorum device is configured. */
    QUORUM_DEVICE,
    /** The quorum device gives its votes to this partition. */
    QUORUM_DEVICE_VOTING
}
