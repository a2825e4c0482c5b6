package org.vigil.quorum;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.quorum.QuorumFlag;
import org.vigil.api.quorum.QuorumState;

/**
 * Counts votes with the rules of corosync's votequorum (votequorum(5)) and cman.
 *
 * <p>A pure function: the same input gives the same result; it reads no clock and does no
 * I/O. What it must remember between calls travels in {@link QuorumMemory}.
 *
 * <ul>
 * <li>Expected votes: {@code expected_votes} when configured (the whole figure, the quorum
 *     device's votes included, as cman and votequorum read it), else the sum of the nodes'
 *     votes plus the quorum device's. Expected votes rise to the votes present when more are
 *     present, and never fall back by themselves (quorum never decreases) except through
 *     last_man_standing.</li>
 * <li>Quorum: {@code floor(expected / 2) + 1}; the partition is quorate when the votes present
 *     (members' votes plus the device's when it votes for this partition) reach it.</li>
 * <li>two_node: only with exactly two configured nodes, no quorum device and no
 *     auto_tie_breaker; quorum is 1 and wait_for_all is on.</li>
 * <li>wait_for_all: not quorate until every node with votes has been in one view at once;
 *     released from then on.</li>
 * <li>last_man_standing: once the view has been stable for the window and the partition is
 *     quorate, expected votes are lowered to the votes present (never below 2, or 1 with
 *     auto_tie_breaker); they rise again as nodes come back. Ignored when a node has more than
 *     one vote.</li>
 * <li>auto_tie_breaker: a partition holding exactly half the expected votes is quorate when it
 *     holds the tie-breaker node, picked from the members of the last quorate view: the lowest
 *     id, the highest, or the first of the configured list that was among them.</li>
 * </ul>
 */
final class QuorumCalculator {

    private QuorumCalculator() {
    }

    /**
     * Computes the quorum state of this node's partition.
     *
     * @param in the configuration, the view, the device's vote and the memory
     * @return the state, the new memory and any ignored options
     */
    static QuorumResult calculate(QuorumInput in) {
        QuorumSettings s = in.settings();
        QuorumMemory mem = in.memory();
        Map<Integer, NodeVotes> byId = in.nodes().stream()
            .collect(Collectors.toMap(NodeVotes::nodeId, Function.identity(), (a, b) -> a));
        Optional<DeviceInput> device = in.device();
        List<String> warnings = new ArrayList<>();

        boolean autoTieBreaker = s.autoTieBreaker();
        boolean twoNode = s.twoNode();
        if (twoNode && in.nodes().size() != 2) {
            warnings.add("two_node ignored: it needs exactly 2 nodes, " + in.nodes().size() + " are configured");
            twoNode = false;
        } else if (twoNode && device.isPresent()) {
            warnings.add("two_node ignored: a quorum device is configured");
            twoNode = false;
        } else if (twoNode && autoTieBreaker) {
            warnings.add("two_node ignored: it does not go with auto_tie_breaker");
            twoNode = false;
        }
        boolean waitForAll = s.waitForAll() || twoNode;
        boolean lastManStanding = s.lastManStanding();
        if (lastManStanding && in.nodes().stream().anyMatch(n -> n.votes() > 1)) {
            warnings.add("last_man_standing ignored: every node must have 1 vote");
            lastManStanding = false;
        }

        Set<Integer> members = new TreeSet<>();
        for (int id : in.members()) {
            if (byId.containsKey(id)) {
                members.add(id);
            }
        }
        int nodeTotal = members.stream().mapToInt(id -> byId.get(id).votes()).sum();
        int deviceVotes = device.filter(DeviceInput::granted).map(DeviceInput::votes).orElse(0);
        int total = nodeTotal + deviceVotes;
        int configured = s.expectedVotes().orElse(
            in.nodes().stream().mapToInt(NodeVotes::votes).sum() + device.map(DeviceInput::votes).orElse(0));

        int highest = Math.max(Math.max(mem.highestExpected(), configured), total);
        int lmsExpected = 0;
        if (lastManStanding && mem.lastManStandingExpected() > 0) {
            lmsExpected = Math.max(mem.lastManStandingExpected(), total);
            if (lmsExpected >= highest) {
                lmsExpected = 0;
            }
        }

        List<NodeVotes> notSeen = in.nodes().stream()
            .filter(n -> n.votes() > 0 && !members.contains(n.nodeId())).toList();
        boolean released = mem.waitForAllReleased() || notSeen.isEmpty();
        boolean waiting = waitForAll && !released;
        OptionalInt tieBreaker = autoTieBreaker ? tieBreaker(s, mem.lastQuorateMembers()) : OptionalInt.empty();

        int expected = lmsExpected > 0 ? lmsExpected : highest;
        Verdict v = decide(expected, total, twoNode, waiting, autoTieBreaker, tieBreaker, members);
        String lowered = null;
        if (lastManStanding && in.lastManStandingWindowElapsed() && v.quorate() && total < expected) {
            int target = Math.max(total, autoTieBreaker ? 1 : 2);
            if (target < expected) {
                lowered = "last_man_standing lowered expected votes from " + expected + " to " + target;
                lmsExpected = target;
                expected = target;
                v = decide(expected, total, twoNode, waiting, autoTieBreaker, tieBreaker, members);
            }
        }

        EnumSet<QuorumFlag> flags = EnumSet.noneOf(QuorumFlag.class);
        if (v.quorate()) {
            flags.add(QuorumFlag.QUORATE);
        }
        if (twoNode) {
            flags.add(QuorumFlag.TWO_NODE);
        }
        if (waitForAll) {
            flags.add(QuorumFlag.WAIT_FOR_ALL);
        }
        if (waiting) {
            flags.add(QuorumFlag.WAITING_FOR_ALL);
        }
        if (lastManStanding) {
            flags.add(QuorumFlag.LAST_MAN_STANDING);
        }
        if (autoTieBreaker) {
            flags.add(QuorumFlag.AUTO_TIE_BREAKER);
        }
        if (device.isPresent()) {
            flags.add(QuorumFlag.QUORUM_DEVICE);
        }
        if (device.filter(DeviceInput::granted).isPresent()) {
            flags.add(QuorumFlag.QUORUM_DEVICE_VOTING);
        }

        StringBuilder reason = new StringBuilder(v.sentence());
        if (waiting) {
            reason.append("; wait_for_all: not all nodes seen at once yet (missing ")
                .append(notSeen.stream().map(NodeVotes::toString).collect(Collectors.joining(", "))).append(')');
        }
        if (lowered != null) {
            reason.append("; ").append(lowered);
        } else if (lmsExpected > 0) {
            reason.append("; expected votes lowered by last_man_standing (").append(highest).append(" without it)");
        }
        device.ifPresent(d -> {
            if (d.granted()) {
                reason.append("; quorum device ").append(d.name()).append(" gives ").append(d.votes())
                    .append(d.votes() == 1 ? " vote" : " votes");
            } else {
                reason.append("; quorum device ").append(d.name()).append(" gives no votes: ").append(d.reason());
            }
        });

        int nodeVotes = byId.containsKey(in.localNodeId()) ? byId.get(in.localNodeId()).votes() : 0;
        QuorumState state = new QuorumState(v.quorate(), in.viewGeneration(), expected, total, v.quorum(), nodeVotes,
            deviceVotes, in.members().size(), flags, reason.toString());
        QuorumMemory next = new QuorumMemory(released, highest, lmsExpected,
            v.quorate() ? members : mem.lastQuorateMembers());
        return new QuorumResult(state, next, warnings);
    }

    private record Verdict(boolean quorate, int quorum, String sentence) {
    }

    private static Verdict decide(int expected, int total, boolean twoNode, boolean waiting, boolean autoTieBreaker,
                                  OptionalInt tieBreaker, Set<Integer> members) {
        int quorum = twoNode ? 1 : expected / 2 + 1;
        String votes = total + " of " + expected + (expected == 1 ? " vote" : " votes");
        if (waiting) {
            return new Verdict(false, quorum, "not quorate: " + votes + ", quorum is " + quorum);
        }
        if (total >= quorum) {
            return new Verdict(true, quorum, "quorate: " + votes + ", quorum " + quorum + (twoNode ? " (two_node)" : ""));
        }
        if (autoTieBreaker && total > 0 && total * 2 == expected) {
            if (tieBreaker.isEmpty()) {
                return new Verdict(false, quorum, "not quorate: " + votes + ", quorum is " + quorum
                    + " (auto_tie_breaker: no quorate view seen yet to pick the tie-breaker node from)");
            }
            int tb = tieBreaker.getAsInt();
            if (members.contains(tb)) {
                return new Verdict(true, quorum, "quorate: " + votes + ", quorum " + quorum
                    + " not reached but auto_tie_breaker: an even split and this partition holds tie-breaker node "
                    + tb);
            }
            return new Verdict(false, quorum, "not quorate: " + votes + ", quorum is " + quorum
                + " (auto_tie_breaker: tie-breaker node " + tb + " is not in this partition)");
        }
        return new Verdict(false, quorum, "not quorate: " + votes + ", quorum is " + quorum);
    }

    /** The tie-breaker node among the members of the last quorate view, if any. */
    private static OptionalInt tieBreaker(QuorumSettings s, Set<Integer> lastQuorate) {
        if (lastQuorate.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!s.tieBreakerNodes().isEmpty()) {
            return s.tieBreakerNodes().stream().filter(lastQuorate::contains).mapToInt(Integer::intValue).findFirst();
        }
        return s.tieBreakerHighest()
            ? lastQuorate.stream().mapToInt(Integer::intValue).max()
            : lastQuorate.stream().mapToInt(Integer::intValue).min();
    }
}
