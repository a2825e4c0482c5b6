package org.vigil.service.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigil.api.service.ServiceState;

/**
 * Operator requests: what each verb asks of a service, checked against its state; and the outcome of
 * each request once the decision is made.
 */
final class RequestRules {

    private final DecisionContext c;

    RequestRules(DecisionContext c) {
        this.c = c;
    }

    void applyRequests(ServiceWork w) {
        List<Integer> idx = c.requestsByService.getOrDefault(w.name, List.of());
        Optional<String> runningOn = runningMember(w);
        for (int i : idx) {
            OperatorRequest r = c.in.requests().get(i);
            c.outcomes[i] = applyRequest(w, r, runningOn);
        }
    }

    /** @return the one member reporting it RUNNING with the table agreeing it is started, if any */
    private Optional<String> runningMember(ServiceWork w) {
        List<String> running = new ArrayList<>();
        w.observed.forEach((n, s) -> {
            if (s == ReportedState.RUNNING) {
                running.add(n);
            }
        });
        return running.size() == 1 && w.previous.state() != ServiceState.FAILED ? Optional.of(running.get(0))
            : Optional.empty();
    }

    /** @return the outcome, or null when it is decided after placement */
    private RequestOutcome applyRequest(ServiceWork w, OperatorRequest r, Optional<String> runningOn) {
        String s = w.label();
        if (w.frozen && r.verb() != OperatorVerb.UNFREEZE && r.verb() != OperatorVerb.FREEZE) {
            return c.refuse(r, s + " is frozen: unfreeze it first");
        }
        switch (r.verb()) {
            case FREEZE -> {
                w.frozen = true;
                return c.accept(r, s + " frozen: left alone until unfrozen");
            }
            case UNFREEZE -> {
                boolean was = w.frozen;
                w.frozen = false;
                return c.accept(r, was ? s + " unfrozen" : s + " was not frozen");
            }
            case DISABLE -> {
                w.disabled = true;
                w.held = false;
                w.enableRequested = false;
                w.stopWhy = "disabled by operator";
                return null;
            }
            case STOP -> {
                w.held = true;
                w.enableRequested = false;
                w.stopWhy = "stopped by operator (until enabled or the membership changes)";
                return null;
            }
            case ENABLE -> {
                if (w.previous.state() == ServiceState.FAILED) {
                    return c.refuse(r, s + " has failed: disable it first, then enable it");
                }
                if (r.member().isPresent()) {
                    String bad = badTarget(w, r.member().get());
                    if (bad != null) {
                        return c.refuse(r, bad);
                    }
                    if (runningOn.isPresent() && !runningOn.get().equals(r.member().get())) {
                        return c.refuse(r, s + " is already running on " + runningOn.get()
                            + ": use svc:relocate to move it");
                    }
                }
                if (!w.enableRequested) {
                    w.flagsBeforeEnableDisabled = w.disabled;
                    w.flagsBeforeEnableHeld = w.held;
                }
                w.enableRequested = true;
                w.disabled = false;
                w.held = false;
                w.enableTarget = r.member();
                return null;
            }
            case RESTART -> {
                if (runningOn.isEmpty()) {
                    return c.refuse(r, s + " is not running (" + c.stateWord(w.previous.state())
                        + "): use svc:enable to start it");
                }
                w.restartRequested = true;
                return null;
            }
            case RELOCATE -> {
                if (c.locked) {
                    return c.refuse(r, "the cluster-wide lock is held: no relocation");
                }
                if (runningOn.isEmpty()) {
                    return c.refuse(r, s + " is not running (" + c.stateWord(w.previous.state())
                        + "): use svc:enable -m NODE to start it on a node");
                }
                if (r.member().isPresent()) {
                    String bad = badTarget(w, r.member().get());
                    if (bad != null) {
                        return c.refuse(r, bad);
                    }
                    if (r.member().get().equals(runningOn.get())) {
                        return c.refuse(r, s + " already runs on " + runningOn.get());
                    }
                }
                w.relocateRequested = true;
                w.relocateTarget = r.member();
                w.migrateTarget = Optional.empty();
                return null;
            }
            case MIGRATE -> {
                if (!w.migratable) {
                    return c.refuse(r, s + " cannot migrate: it has no vm resource; use svc:relocate");
                }
                if (r.member().isEmpty()) {
                    return c.refuse(r, "migrate needs a target member (-m NODE)");
                }
                if (c.locked) {
                    return c.refuse(r, "the cluster-wide lock is held: no migration");
                }
                if (runningOn.isEmpty()) {
                    return c.refuse(r, s + " is not running (" + c.stateWord(w.previous.state())
                        + "): only a running service migrates");
                }
                String bad = badTarget(w, r.member().get());
                if (bad != null) {
                    return c.refuse(r, bad);
                }
                if (r.member().get().equals(runningOn.get())) {
                    return c.refuse(r, s + " already runs on " + runningOn.get());
                }
                w.migrateTarget = r.member();
                w.relocateRequested = false;
                w.relocateTarget = Optional.empty();
                return null;
            }
            default -> throw new IllegalStateException("not a service verb: " + r.verb());
        }
    }

    /** @return why the node cannot take the service (static reasons), or null */
    private String badTarget(ServiceWork w, String node) {
        if (!c.nodeIds.containsKey(node)) {
            return node + " is not a node of the cluster";
        }
        if (!c.members.contains(node)) {
            return node + " is not online (not a member of this partition)";
        }
        if (w.domain.name().isPresent() && w.domain.restricted() && !w.domain.contains(node)) {
            return node + " is not in restricted domain " + w.domain.name().get();
        }
        return null;
    }

    void finishOutcomes() {
        for (int i = 0; i < c.outcomes.length; i++) {
            if (c.outcomes[i] != null) {
                continue;
            }
            OperatorRequest r = c.in.requests().get(i);
            ServiceWork w = c.works.get(r.service());
            String s = w.label();
            c.outcomes[i] = switch (r.verb()) {
                case DISABLE, STOP -> {
                    String word = r.verb() == OperatorVerb.DISABLE ? "disabled" : "stopped";
                    if (w.state == ServiceState.STOPPING) {
                        yield c.accept(r, s + " stopping on " + w.owner.orElse("?") + ", then " + word);
                    }
                    if (w.state == ServiceState.RECOVERING || (w.state == ServiceState.FAILED && w.disabled)) {
                        yield c.accept(r, s + " will stay " + word + " (" + w.reason + ")");
                    }
                    yield c.accept(r, s + " is " + c.stateWord(w.state));
                }
                case ENABLE -> {
                    if (w.startedOn.isPresent()) {
                        yield c.accept(r, s + " starting on " + w.startedOn.get());
                    }
                    if (w.state == ServiceState.STARTED || w.state == ServiceState.STARTING) {
                        yield c.accept(r, s + " is already running on " + w.owner.orElse("?"));
                    }
                    yield c.refuse(r, w.reason);
                }
                case RESTART -> w.startedOn.isPresent() ? c.accept(r, s + " restarting on " + w.startedOn.get())
                    : c.refuse(r, w.reason);
                case RELOCATE, MIGRATE -> w.startedOn.isPresent()
                    ? c.accept(r, s + (r.verb() == OperatorVerb.MIGRATE ? " migrating from " : " relocating from ")
                        + w.lastOwner.orElse("?") + " to " + w.startedOn.get())
                    : c.refuse(r, w.reason);
                default -> c.accept(r, s + " is " + c.stateWord(w.state));
            };
        }
    }
}
