package org.vigil.service.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.service.ServiceState;

/**
 * The state of one decision in the making, shared by the rules, and the helpers that record actions
 * and outcomes.
 */
final class DecisionContext {

    final PolicyInput in;
    final Set<String> members;
    /** Members shutting down: nothing starts there. */
    final Set<String> shuttingDown;
    final Map<String, Integer> nodeIds = new HashMap<>();
    final List<Action> actions = new ArrayList<>();
    final RequestOutcome[] outcomes;
    final Map<String, List<Integer>> requestsByService = new HashMap<>();
    final Map<String, ServiceWork> works = new LinkedHashMap<>();
    /** By node: services settled there by this decision (or left there) and services not placed yet. */
    final Map<String, NodeLoad> loads = new HashMap<>();
    /** Members now that were not members of the previous table (empty when that is unknown). */
    final Set<String> newlyJoined = new TreeSet<>();
    /** Members without a report, by node id. */
    final List<String> unreported = new ArrayList<>();
    /** The cluster-wide lock, once this decision's LOCK/UNLOCK requests are applied. */
    boolean locked;
    /** Whether the members differ from the previous table's (known) members. */
    boolean membershipChanged;

    DecisionContext(PolicyInput in) {
        this.in = in;
        this.members = in.membership().members();
        this.shuttingDown = in.membership().shuttingDown();
        this.outcomes = new RequestOutcome[in.requests().size()];
        for (NodeDefinition n : in.config().nodes()) {
            nodeIds.put(n.name(), n.nodeId());
        }
    }

    /** @return an accepted outcome */
    RequestOutcome accept(OperatorRequest r, String message) {
        return new RequestOutcome(r, true, message);
    }

    /** @return a refused outcome */
    RequestOutcome refuse(OperatorRequest r, String message) {
        return new RequestOutcome(r, false, message);
    }

    /** @return why the service is kept stopped, for reasons */
    String keptStoppedWhy(ServiceWork w) {
        if (!w.stopWhy.isEmpty()) {
            return w.stopWhy;
        }
        if (w.disabled) {
            return w.previous.reason().contains("autostart is 0") ? "autostart is 0: stays disabled until enabled"
                : "disabled";
        }
        return "stopped by operator (until enabled or the membership changes)";
    }

    /** @return the restarts that count at {@code now}: the table's and the nodes', within restart_expire_time */
    List<Instant> restartHistory(ServiceWork w, Instant now) {
        TreeSet<Instant> all = new TreeSet<>(w.restarts);
        all.addAll(w.reportedRestarts);
        Optional<Duration> expire = w.def.restartExpireTime().filter(d -> !d.isZero() && !d.isNegative());
        List<Instant> kept = new ArrayList<>();
        for (Instant t : all) {
            if (expire.isEmpty() || t.isAfter(now.minus(expire.get()))) {
                kept.add(t);
            }
        }
        return kept;
    }

    /** Adds a START and records the service as starting there. */
    void start(ServiceWork w, String node, String reason) {
        actions.add(new Action(Action.Kind.START, w.name, Optional.of(node), Optional.empty(),
            ServiceState.STARTING, reason));
        w.acted = true;
        w.state = ServiceState.STARTING;
        w.owner = Optional.of(node);
        w.reason = reason;
        w.startedOn = Optional.of(node);
        occupy(node, w);
    }

    /** Adds a STOP (the caller records the state that follows). */
    void stop(ServiceWork w, String node, String reason) {
        actions.add(new Action(Action.Kind.STOP, w.name, Optional.of(node), Optional.empty(),
            ServiceState.STOPPING, reason));
        w.acted = true;
        w.reason = reason;
    }

    void occupy(String node, ServiceWork w) {
        loadOf(node).settle(w);
    }

    int load(String node) {
        NodeLoad l = loads.get(node);
        return l == null ? 0 : l.size();
    }

    NodeLoad loadOf(String node) {
        return loads.computeIfAbsent(node, k -> new NodeLoad());
    }

    List<String> sortedById(java.util.Collection<String> nodes) {
        List<String> l = new ArrayList<>(nodes);
        l.sort(Comparator.comparingInt((String n) -> nodeIds.getOrDefault(n, Integer.MAX_VALUE)).thenComparing(n -> n));
        return l;
    }

    String stateWord(ServiceState s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    String waitingForReports() {
        return "waiting for " + String.join(", ", unreported) + " to report " + (unreported.size() == 1 ? "its" : "their")
            + " services";
    }

    /** Refuses the service's pending enable, and then changes nothing: its flags and state are as before. */
    void refuseEnable(ServiceWork w, String why) {
        if (!w.enableRequested) {
            return;
        }
        refusePending(w, OperatorVerb.ENABLE, why);
        w.disabled = w.flagsBeforeEnableDisabled;
        w.held = w.flagsBeforeEnableHeld;
        w.enableRequested = false;
        w.state = w.previous.state();
        w.owner = w.previous.owner();
        w.lastOwner = w.previous.lastOwner();
        w.reason = w.previous.reason();
    }

    void refusePending(ServiceWork w, OperatorVerb verb, String why) {
        for (int i : requestsByService.getOrDefault(w.name, List.of())) {
            if (outcomes[i] == null && in.requests().get(i).verb() == verb) {
                outcomes[i] = refuse(in.requests().get(i), why);
            }
        }
    }
}
