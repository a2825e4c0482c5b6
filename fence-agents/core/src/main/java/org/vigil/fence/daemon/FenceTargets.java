package org.vigil.fence.daemon;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fencing decision, a pure function of what one member has seen: from the previous and the
 * new view, quorum, the configuration and the lost/fenced sets it tracks, which nodes are lost
 * and not yet fenced, which are safely fenced, and which this node must fence now.
 *
 * <p>Every member tracks "lost, not yet fenced" from the views it sees, so when the coordinator
 * dies mid-fencing the next one (the oldest member left) carries on. Only the coordinator of a
 * quorate partition fences; a partition without quorum never does.
 */
final class FenceTargets {

    /**
     * What the decision is made from.
     *
     * @param previous       members of the view seen before (names)
     * @param current        members of the new view
     * @param coordinator    the new view's coordinator (its oldest member)
     * @param local          this node
     * @param quorate        whether the new view is quorate (quorum computed for this very view)
     * @param configured     every configured node
     * @param withoutMethods configured nodes without any fence method
     * @param fenced         nodes known safely fenced (or acknowledged, or gone cleanly) since they
     *                       were last lost
     * @param pending        nodes known lost and not yet fenced
     * @param cleanlyLeft    nodes that told the cluster they were leaving (a clean shutdown): not
     *                       fenced, their work may be taken over at once
     * @param startupCheck   post_join_delay has passed since the cluster first became quorate:
     *                       configured nodes that never joined are fenced (startup fencing)
     */
    record Input(Set<String> previous, Set<String> current, String coordinator, String local, boolean quorate,
                 Set<String> configured, Set<String> withoutMethods, Set<String> fenced, Set<String> pending,
                 Set<String> cleanlyLeft, boolean startupCheck) {
    }

    /**
     * The decision.
     *
     * @param pending     nodes lost and not yet fenced, after this view
     * @param fenced      nodes safely fenced since they were last lost, after this view
     * @param lost        nodes that became pending with this view (or the startup check)
     * @param rejoined    pending nodes that are members again: no longer fenced (fenced's "victim
     *                    rejoined"), and nodes that lost their fenced status by rejoining
     * @param leftCleanly nodes that left cleanly with this view (counted as safe)
     * @param fenceNow    the pending nodes this node must fence now (empty unless it is the
     *                    coordinator of a quorate view)
     * @param needAck     pending nodes with no fence method: only {@code fence:ack} ends their wait
     * @param why         why this node fences nothing now, for people; empty when it does
     */
    record Decision(Set<String> pending, Set<String> fenced, Set<String> lost, Set<String> rejoined,
                    Set<String> leftCleanly, Set<String> fenceNow, Set<String> needAck, String why) {
    }

    private FenceTargets() {
    }

    static Decision decide(Input in) {
        Set<String> joined = minus(in.current(), in.previous());
        Set<String> left = minus(in.previous(), in.current());

        Set<String> pending = new TreeSet<>(in.pending());
        Set<String> fenced = new TreeSet<>(in.fenced());
        Set<String> rejoined = new TreeSet<>();
        for (String n : in.current()) {
            if (pending.remove(n)) {
                rejoined.add(n);
            }
        }
        for (String n : joined) {
            if (fenced.remove(n)) {
                rejoined.add(n);
            }
        }
        // a node fenced since it was last lost is never waiting to be fenced (a state learnt from another
        // member before the outcome reached it must not make it pending again): only a rejoin clears that
        pending.removeAll(fenced);
        Set<String> lost = new TreeSet<>();
        Set<String> leftCleanly = new TreeSet<>();
        for (String n : left) {
            if (in.cleanlyLeft().contains(n)) {
                leftCleanly.add(n);
                fenced.add(n);
                pending.remove(n);
            } else if (!fenced.contains(n) && pending.add(n)) {
                lost.add(n);
            }
        }
        boolean acting = in.quorate() && in.local().equals(in.coordinator());
        if (in.startupCheck() && acting) {
            for (String n : in.configured()) {
                if (!in.current().contains(n) && !fenced.contains(n) && pending.add(n)) {
                    lost.add(n);
                }
            }
        }
        Set<String> needAck = new TreeSet<>(pending);
        needAck.retainAll(in.withoutMethods());
        Set<String> fenceNow = new TreeSet<>();
        String why = "";
        if (!in.quorate()) {
            why = "this partition is not quorate: it never fences";
        } else if (!acting) {
            why = "the coordinator " + in.coordinator() + " fences";
        } else {
            fenceNow.addAll(pending);
            fenceNow.removeAll(in.withoutMethods());
        }
        return new Decision(pending, fenced, lost, rejoined, leftCleanly, fenceNow, needAck, why);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> r = new LinkedHashSet<>(a);
        r.removeAll(b);
        return r;
    }
}
