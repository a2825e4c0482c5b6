package org.vigil.quorum;

import java.util.Set;

/**
 * What the vote count carries from one calculation to the next.
 *
 * @param waitForAllReleased      every voting node has been seen in one view at once, so
 *                                wait_for_all no longer holds quorum back
 * @param highestExpected         the highest expected votes seen: expected votes rise when more
 *                                votes are present than expected, and quorum never falls back
 *                                by itself (0 before the first calculation)
 * @param lastManStandingExpected expected votes as last_man_standing lowered them; 0 when not
 *                                lowered
 * @param lastQuorateMembers      node ids of the last view in which this node was quorate; the
 *                                auto_tie_breaker node is picked from them (empty: never quorate)
 */
record QuorumMemory(boolean waitForAllReleased, int highestExpected, int lastManStandingExpected,
                    Set<Integer> lastQuorateMembers) {

    /** The memory of a node that has just started. */
    static final QuorumMemory INITIAL = new QuorumMemory(false, 0, 0, Set.of());

    QuorumMemory {
        lastQuorateMembers = Set.copyOf(lastQuorateMembers);
    }

    /**
     * The memory to keep when the configuration changes: nodes or votes may have gone, so
     * the expected votes learnt from the old configuration are dropped.
     *
     * @return this memory without its expected votes
     */
    QuorumMemory afterReconfiguration() {
        return new QuorumMemory(waitForAllReleased, 0, 0, lastQuorateMembers);
    }
}
