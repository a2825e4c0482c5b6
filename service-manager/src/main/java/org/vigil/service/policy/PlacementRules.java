package org.vigil.service.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vigil.api.service.ServiceState;

/**
 * Where services run: candidates by failover domain and exclusivity, ranking, failback, relocation,
 * and the words that explain a choice.
 */
final class PlacementRules {

    private final DecisionContext c;

    PlacementRules(DecisionContext c) {
        this.c = c;
    }

    void place() {
        for (ServiceWork w : c.works.values()) {
            if (w.mode == ServiceWork.Mode.DONE) {
                w.occupies.ifPresent(n -> c.occupy(n, w));
            }
        }
        for (ServiceWork w : c.works.values()) {
            if (w.mode == ServiceWork.Mode.RUNNING) {
                w.home = w.runningAt;
            }
            if (w.mode != ServiceWork.Mode.DONE) {
                w.home.ifPresent(n -> c.loadOf(n).assume(w));
            }
        }
        List<ServiceWork> todo = c.works.values().stream().filter(w -> w.mode != ServiceWork.Mode.DONE)
            .sorted(Comparator.comparingInt((ServiceWork w) -> w.runningAt.isPresent() || w.fixedTarget.isPresent() ? 0 : 1)
                .thenComparingInt(w -> w.exclusive ? 0 : 1)
                .thenComparingInt(w -> w.index))
            .toList();
        for (ServiceWork w : todo) {
            w.home.ifPresent(n -> c.loadOf(n).unassume(w));
            if (w.mode == ServiceWork.Mode.RUNNING) {
                placeRunning(w);
            } else {
                placeStopped(w);
            }
        }
    }

    private void placeRunning(ServiceWork w) {
        String r = w.runningAt.orElseThrow();
        String s = w.label();
        List<String> cands = candidates(w);
        if (w.migrateTarget.isPresent()) {
            String t = w.migrateTarget.get();
            String busy = exclusiveConflict(w, t);
            if (busy != null) {
                c.refusePending(w, OperatorVerb.MIGRATE, busy);
            } else if (!c.unreported.isEmpty()) {
                c.refusePending(w, OperatorVerb.MIGRATE, c.waitingForReports());
            } else {
                String why = s + " migrated from " + r + " to " + t + ": requested by operator; " + w.domain.describe();
                c.actions.add(new Action(Action.Kind.MIGRATE, w.name, Optional.of(r), Optional.of(t),
                    ServiceState.STARTING, why));
                w.acted = true;
                w.state = ServiceState.STARTING;
                w.lastOwner = Optional.of(r);
                w.owner = Optional.of(t);
                w.reason = why;
                w.startedOn = Optional.of(t);
                c.occupy(t, w);
                return;
            }
        }
        if (w.relocateRequested) {
            Optional<String> target;
            String refusal = null;
            if (w.relocateTarget.isPresent()) {
                target = w.relocateTarget;
                refusal = exclusiveConflict(w, target.get());
            } else {
                List<String> others = cands.stream().filter(n -> !n.equals(r)).toList();
                target = others.isEmpty() ? Optional.empty() : Optional.of(others.get(0));
                if (target.isEmpty()) {
                    refusal = "no other node can run " + s + ": " + nowhereWhy(w, r);
                }
            }
            if (refusal == null && !c.unreported.isEmpty()) {
                refusal = c.waitingForReports();
            }
            if (refusal != null) {
                c.refusePending(w, OperatorVerb.RELOCATE, refusal);
            } else {
                String t = target.get();
                move(w, r, t, "requested by operator"
                    + (w.relocateTarget.isPresent() ? "" : "; " + explain(w, t, cands.stream().filter(n -> !n.equals(r)).toList())));
                return;
            }
        }
        if (cands.contains(r)) {
            String best = cands.get(0);
            boolean failback = !best.equals(r) && c.newlyJoined.contains(best) && w.domain.better(best, r)
                && !(w.domain.noFailback() && w.domain.contains(r));
            if (failback && c.locked) {
                w.reason = s + " stays on " + r + ": cluster-wide lock held, not failing back to " + best;
            } else if (failback && !c.unreported.isEmpty()) {
                w.reason = s + " stays on " + r + ": " + c.waitingForReports();
            } else if (failback) {
                String why = best + " joined" + (w.domain.contains(r) ? " (failback)" : " (back into its domain)")
                    + "; " + explain(w, best, cands);
                move(w, r, best, why);
                return;
            }
            c.occupy(r, w);
            return;
        }
        // it may not stay where it is
        String why = notAllowedWhy(w, r);
        List<String> elsewhere = cands.stream().filter(n -> !n.equals(r)).toList();
        if (!elsewhere.isEmpty() && !c.locked && c.unreported.isEmpty()) {
            move(w, r, elsewhere.get(0), why + "; " + explain(w, elsewhere.get(0), elsewhere));
            return;
        }
        if (!elsewhere.isEmpty()) {
            w.reason = s + " stays on " + r + " although " + why + ": "
                + (c.locked ? "cluster-wide lock held" : c.waitingForReports());
            c.occupy(r, w);
            return;
        }
        c.stop(w, r, s + " stopped on " + r + ": " + why + "; no other node can run it: " + nowhereWhy(w, r));
        w.state = ServiceState.STOPPING;
        w.owner = Optional.of(r);
        w.reason = s + " stopped on " + r + ": " + why + "; no other node can run it";
    }

    private void move(ServiceWork w, String from, String to, String why) {
        String reason = w.label() + " relocated from " + from + " to " + to + ": " + why;
        c.stop(w, from, reason);
        c.start(w, to, reason);
        w.lastOwner = Optional.of(from);
    }

    private void placeStopped(ServiceWork w) {
        String s = w.label();
        List<String> cands = candidates(w);
        Optional<String> choice = Optional.empty();
        String how = "";
        if (w.fixedTarget.isPresent()) {
            String t = w.fixedTarget.get();
            if (cands.contains(t)) {
                choice = Optional.of(t);
                how = w.enableRequested ? w.domain.describe() : "";
            } else if (w.enableRequested) {
                String why = w.exclude.contains(t) ? "start failed on " + t : exclusiveConflict(w, t);
                c.refuseEnable(w, why == null ? t + " cannot run " + s : why);
                return;
            }
        }
        if (choice.isEmpty() && w.restartInPlaceIfNowhere && cands.isEmpty() && w.leaving.isPresent()) {
            String n = w.leaving.get();
            if (allowed(w).contains(n) && exclusiveConflict(w, n) == null) {
                choice = Optional.of(n);
                w.cause = w.cause + "; no other allowed node online: restarting in place";
            }
        }
        if (choice.isEmpty() && !cands.isEmpty()) {
            choice = Optional.of(cands.get(0));
            how = explain(w, cands.get(0), cands);
        }
        if (choice.isEmpty()) {
            String why = nowhereWhy(w, null);
            w.owner = Optional.empty();
            if (w.leaving.isPresent()) {
                w.lastOwner = w.leaving;
            }
            w.state = w.failIfNowhere ? ServiceState.FAILED : ServiceState.STOPPED;
            w.reason = s + " " + (w.failIfNowhere ? "failed" : "stays stopped") + ": "
                + (w.cause.isEmpty() || w.cause.equals("autostart") || w.cause.equals("not running")
                    || w.cause.startsWith("enabled by") ? "" : w.cause + "; ")
                + why + (w.failIfNowhere ? ": needs an operator (svc:disable, then svc:enable)" : "");
            c.refuseEnable(w, w.reason);
            return;
        }
        String t = choice.get();
        Optional<String> from = w.leaving.isPresent() ? w.leaving : w.previousOwnerForStart;
        if (c.locked && from.isPresent() && !from.get().equals(t)) {
            w.state = ServiceState.RECOVERING;
            w.owner = Optional.empty();
            w.lastOwner = from;
            w.reason = s + " not relocated from " + from.get() + " to " + t + ": cluster-wide lock held ("
                + w.cause + ")";
            return;
        }
        if (!c.unreported.isEmpty()) {
            w.state = from.isPresent() ? ServiceState.RECOVERING : w.state == ServiceState.RECOVERING
                ? ServiceState.RECOVERING : (w.disabled ? ServiceState.DISABLED : ServiceState.STOPPED);
            w.owner = Optional.empty();
            if (from.isPresent()) {
                w.lastOwner = from;
            }
            w.reason = s + " not started: " + c.waitingForReports();
            c.refuseEnable(w, w.reason);
            return;
        }
        String reason;
        if (from.isPresent() && !from.get().equals(t)) {
            reason = s + " relocated from " + from.get() + " to " + t + ": " + w.cause + (how.isEmpty() ? "" : "; " + how);
        } else if (from.isPresent()) {
            reason = s + " restarted on " + t + ": " + w.cause;
        } else {
            reason = s + " started on " + t + ": " + w.cause + (how.isEmpty() ? "" : "; " + how);
        }
        c.start(w, t, reason);
        if (from.isPresent()) {
            w.lastOwner = from;
        }
    }

    /** @return the nodes that may take the service now, best first */
    private List<String> candidates(ServiceWork w) {
        return rank(w, allowed(w).stream().filter(n -> !w.exclude.contains(n) && exclusiveConflict(w, n) == null)
            .toList());
    }

    /** @return the configured members the service may run on (its restricted domain's, or all), none shutting down */
    private List<String> allowed(ServiceWork w) {
        List<String> out = new ArrayList<>(c.members.size());
        for (String m : c.members) {
            if (inDomain(w, m) && !c.shuttingDown.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    private boolean inDomain(ServiceWork w, String member) {
        boolean restricted = w.domain.name().isPresent() && w.domain.restricted();
        return c.nodeIds.containsKey(member) && (!restricted || w.domain.contains(member));
    }

    private List<String> rank(ServiceWork w, List<String> nodes) {
        if (nodes.size() < 2) {
            return nodes;
        }
        Optional<String> current = w.runningAt;
        boolean keepOwner = w.domain.noFailback() && current.filter(w.domain::contains).isPresent();
        int[][] keys = new int[nodes.size()][];
        for (int i = 0; i < keys.length; i++) {
            String n = nodes.get(i);
            boolean isCurrent = current.filter(n::equals).isPresent();
            keys[i] = new int[] {w.domain.tier(n), keepOwner && isCurrent ? 0 : 1, w.domain.priority(n),
                isCurrent ? 0 : 1, c.load(n), c.nodeIds.getOrDefault(n, Integer.MAX_VALUE), i};
        }
        java.util.Arrays.sort(keys, java.util.Arrays::compare);
        List<String> ranked = new ArrayList<>(keys.length);
        for (int[] k : keys) {
            ranked.add(nodes.get(k[k.length - 1]));
        }
        return ranked;
    }

    /** @return why the service may not start on the node because of exclusive services, or null */
    private String exclusiveConflict(ServiceWork w, String node) {
        NodeLoad l = c.loads.get(node);
        if (l == null) {
            return null;
        }
        // on its own node, services not placed yet give way to it (exclusive ones are placed first)
        boolean own = w.home.filter(node::equals).isPresent();
        int count = l.settled.size() + (own ? 0 : l.tentative.size());
        int exclusive = l.settledExclusive + (own ? 0 : l.tentativeExclusive);
        if (w.exclusive ? count == 0 : exclusive == 0) {
            return null;
        }
        List<ServiceWork> there = new ArrayList<>(l.settled);
        if (!own) {
            there.addAll(l.tentative);
        }
        there.removeIf(o -> o == w);
        if (there.isEmpty()) {
            return null;
        }
        if (w.exclusive) {
            return w.label() + " is exclusive and " + node + " runs " + labels(there);
        }
        List<ServiceWork> excl = there.stream().filter(o -> o.exclusive).toList();
        return excl.isEmpty() ? null : node + " runs exclusive " + labels(excl);
    }

    private static String labels(List<ServiceWork> ws) {
        return ws.stream().map(ServiceWork::label).collect(Collectors.joining(", "));
    }

    /** @return why the service may not stay on {@code node} */
    private String notAllowedWhy(ServiceWork w, String node) {
        if (c.shuttingDown.contains(node)) {
            return node + " shuts down";
        }
        if (!allowed(w).contains(node)) {
            return node + " is not in restricted domain " + w.domain.name().orElse("");
        }
        String c = exclusiveConflict(w, node);
        return c != null ? c : "start failed on " + node;
    }

    /** @return why no node (other than {@code except}) can take the service */
    private String nowhereWhy(ServiceWork w, String except) {
        List<String> allowed = allowed(w).stream().filter(n -> !n.equals(except)).toList();
        if (allowed.isEmpty()) {
            List<String> leaving = c.sortedById(c.shuttingDown.stream().filter(n -> !n.equals(except) && inDomain(w, n)).toList());
            String shutting = leaving.isEmpty() ? "" : " (" + String.join(", ", leaving) + (leaving.size() == 1 ? " shuts" : " shut")
                + " down)";
            if (w.domain.name().isPresent() && w.domain.restricted()) {
                return "no " + (except == null ? "" : "other ") + "member of restricted domain "
                    + w.domain.name().get() + " is online" + shutting;
            }
            return "no other member is online" + shutting;
        }
        List<String> parts = new ArrayList<>();
        for (String n : c.sortedById(allowed)) {
            if (w.exclude.contains(n)) {
                parts.add(w.failedStarts.contains(n) ? "start failed on " + n : n + " is where it failed");
            } else {
                String c = exclusiveConflict(w, n);
                if (c != null) {
                    parts.add(c);
                }
            }
        }
        return String.join("; ", parts);
    }

    /** @return how {@code chosen} was picked among {@code cands} (best first) */
    private String explain(ServiceWork w, String chosen, List<String> cands) {
        String d = w.domain.describe();
        if (w.domain.name().isPresent() && !w.domain.contains(chosen)) {
            return "no member of domain " + w.domain.name().get() + " can take it (unrestricted): "
                + chosen + " " + tieWhy(w, chosen, cands);
        }
        if (w.domain.ordered()) {
            long same = cands.stream().filter(n -> w.domain.tier(n) == 0
                && w.domain.priority(n) == w.domain.priority(chosen)).count();
            return same > 1 ? d + "; " + chosen + " " + tieWhy(w, chosen, cands) : d;
        }
        return d + ": " + chosen + " " + tieWhy(w, chosen, cands);
    }

    private String tieWhy(ServiceWork w, String chosen, List<String> cands) {
        if (w.runningAt.filter(chosen::equals).isPresent()) {
            return "is the current owner";
        }
        List<String> peers = cands.stream().filter(n -> !n.equals(chosen) && w.domain.tier(n) == w.domain.tier(chosen)
            && w.domain.priority(n) == w.domain.priority(chosen)).toList();
        if (peers.isEmpty()) {
            return "is the only candidate";
        }
        int l = c.load(chosen);
        boolean lighter = peers.stream().allMatch(n -> c.load(n) > l);
        if (lighter) {
            return "is the least loaded (" + l + " service" + (l == 1 ? "" : "s") + ")";
        }
        return "has the lowest node id among the least loaded (" + l + " service" + (l == 1 ? "" : "s") + ")";
    }
}
