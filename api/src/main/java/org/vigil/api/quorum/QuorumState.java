package org.vigil.api.quorum;

import java.util.Set;

/**
 * The quorum of the local node's partition, with the figures of {@code cman_tool status}.
 *
 * @param quorate            whether the partition may act
 * @param viewGeneration     generation of the membership view the figures were computed from
 * @param expectedVotes      the votes the whole cluster should have (after last_man_standing
 *                           adjustments), including the quorum device's
 * @param totalVotes         votes present: members' votes plus the quorum device's if it votes here
 * @param quorum             votes needed: floor(expected/2)+1, or 1 in two-node mode
 * @param nodeVotes          this node's own votes
 * @param quorumDeviceVotes  votes the quorum device gives to this partition now (0 when none)
 * @param memberCount        members in the view
 * @param flags              the flags in force
 * @param reason             a sentence for people: why quorate or not
 */
public record QuorumState(boolean quorate, long viewGeneration, int expectedVotes, int totalVotes,
                          int quorum, int nodeVotes, int quorumDeviceVotes, int memberCount,
                          Set<QuorumFlag> flags, String reason) {

    /** Copies the flags so the state is immutable. */
    public QuorumState {
        flags = Set.copyOf(flags);
    }
}
