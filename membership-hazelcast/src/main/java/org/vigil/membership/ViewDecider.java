package org.vigil.membership;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the next membership view: a pure function of what this node hears.
 *
 * <p>The decider is the live node with the lowest node id. It installs a view of exactly the
 * nodes it hears, numbered one above every generation it has heard of; every other node adopts
 * the decider's view (carried in the decider's heartbeats) once it includes that node and is
 * newer than its own. Members are ordered by age (process start, then node id), so the oldest
 * member, the coordinator, does not change when a younger node comes or goes.
 */
final class ViewDecider {

    /** What one live node last said in its heartbeat. */
    record Heard(long startedAt, long viewGeneration, List<Integer> viewMembers) {
    }

    /** The view installed now. */
    record Installed(long generation, List<Integer> members) {
    }

    private ViewDecider() {
    }

    /**
     * @param localId        this node's id
     * @param installed      the view installed here now
     * @param heard          every live node, this one included, with its last heartbeat's content
     * @param mayDecide      false while this node is still settling after its start (it only adopts)
     * @return the view to install, or empty to keep the installed one
     */
    static Optional<Installed> decide(int localId, Installed installed, Map<Integer, Heard> heard, boolean mayDecide) {
        int decider = heard.keySet().stream().min(Integer::compare).orElse(localId);
        if (decider == localId) {
            if (!mayDecide) {
                return Optional.empty();
            }
            long highestHeard = heard.values().stream().mapToLong(Heard::viewGeneration).max().orElse(0);
            boolean sameMembers = new HashSet<>(installed.members()).equals(heard.keySet());
            // another node holds a view as new as ours but different (it decided while it could not hear us)
            boolean rivalView = heard.values().stream().anyMatch(h -> h.viewGeneration() >= installed.generation()
                && !h.viewMembers().equals(installed.members()));
            if (sameMembers && highestHeard <= installed.generation() && !rivalView) {
                return Optional.empty();
            }
            List<Integer> members = heard.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Integer, Heard> e) -> e.getValue().startedAt())
                    .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
            return Optional.of(new Installed(Math.max(installed.generation(), highestHeard) + 1, members));
        }
        Heard fromDecider = heard.get(decider);
        if (fromDecider.viewGeneration() > installed.generation() && fromDecider.viewMembers().contains(localId)) {
            return Optional.of(new Installed(fromDecider.viewGeneration(), fromDecider.viewMembers()));
        }
        return Optional.empty();
    }
}
