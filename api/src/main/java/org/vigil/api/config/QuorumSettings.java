package org.vigil.api.config;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The vote rules, from {@code <cman>} (and the votequorum options corosync added,
 * written as attributes of {@code <cman>}).
 *
 * @param expectedVotes        {@code expected_votes}; empty: the sum of node votes (plus the
 *                             quorum disk's)
 * @param twoNode              {@code two_node="1"}: a two-node cluster where each node alone is quorate
 * @param waitForAll           {@code wait_for_all}: quorum only after all nodes were seen at once
 *                             (on by default with two_node)
 * @param lastManStanding      {@code last_man_standing}: lower expected votes step by step as
 *                             nodes leave
 * @param lastManStandingWindow {@code last_man_standing_window} (ms): how long membership must
 *                             be stable before expected votes are lowered (10 s by default)
 * @param autoTieBreaker       {@code auto_tie_breaker}: on an even split, the side holding the
 *                             tie-breaker node stays quorate
 * @param tieBreakerNodes      {@code auto_tie_breaker_node}: node ids in order of preference;
 *                             empty means "lowest" (the lowest node id)
 * @param tieBreakerHighest    {@code auto_tie_breaker_node="highest"}
 */
public record QuorumSettings(OptionalInt expectedVotes, boolean twoNode, boolean waitForAll, boolean lastManStanding,
                             Duration lastManStandingWindow, boolean autoTieBreaker, List<Integer> tieBreakerNodes,
                             boolean tieBreakerHighest) {

    /** Copies the list. */
    public QuorumSettings {
        tieBreakerNodes = List.copyOf(tieBreakerNodes);
    }

    /** @return the defaults: nothing special, expected votes from the nodes */
    public static QuorumSettings defaults() {
        return new QuorumSettings(OptionalInt.empty(), false, false, false, Duration.ofSeconds(10), false,
            List.of(), false);
    }
}
