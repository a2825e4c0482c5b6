package org.vigil.service.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.service.ServiceState;

/**
 * What state a service is in, in the order the safety rules apply: fencing, unreported owners, one
 * owner, freeze, failures and recovery, then whether it should run.
 */
final class StateRules {

    private final DecisionContext c;

    StateRules(DecisionContext c) {
        this.c = c;
    }

    /**
     * Works out the service's state and what placement it needs ({@link ServiceWork#mode}), applying the
     * rules in order; each step either decides the service or hands it to the next.
     */
    void classify(ServiceWork w) {
        if (w.unknownDomain) {
            classifyUnknownDomain(w);
            return;
        }
        if (waitsForFencing(w) || leftWithUnreportedOwner(w) || resolveOwners(w) || leftFrozen(w)
            || handledFailure(w)) {
            return;
        }
        applyIntent(w);
    }

    /**
     * Rule 2: a service whose owner left waits for its fencing; once fenced, it is placed again.
     *
     * @param w the service
     * @return whether the service is decided (the next rules do not apply)
     */
    private boolean waitsForFencing(ServiceWork w) {
        String s = w.label();
        Optional<String> owner = w.previous.owner();
        boolean holdsOwner = w.previous.state() == ServiceState.STARTED || w.previous.state() == ServiceState.STARTING
            || w.previous.state() == ServiceState.STOPPING || w.previous.state() == ServiceState.RECOVERING
            || w.previous.state() == ServiceState.FAILED;
        if (owner.isPresent() && holdsOwner && !c.members.contains(owner.get())) {
            String lost = owner.get();
            if (!c.in.membership().fenced().contains(lost)) {
                for (String n : new ArrayList<>(w.observed.keySet())) {
                    if (w.observed.get(n).active() || w.observed.get(n) == ReportedState.FAILED) {
                        c.stop(w, n, s + " stopped on " + n + ": " + lost + " may still run it (not fenced yet); "
                            + "never two owners");
                    }
                }
                if (w.previous.state() != ServiceState.FAILED) {
                    w.state = ServiceState.RECOVERING;
                }
                w.reason = s + " waiting for " + lost + " to be fenced";
                w.mode = ServiceWork.Mode.DONE;
                return true;
            }
            // fenced: the lost owner runs nothing any more
            w.lastOwner = Optional.of(lost);
            w.owner = Optional.empty();
            w.leaving = Optional.of(lost);
            if (w.previous.state() == ServiceState.FAILED) {
                w.reason = lost + " fenced; " + s + " stays failed until an operator disables it";
                failedKept(w);
                return true;
            }
            w.cause = lost + " fenced";
            w.state = ServiceState.RECOVERING;
        } else if (w.previous.state() == ServiceState.RECOVERING && owner.isEmpty()
            && w.previous.lastOwner().isPresent()) {
            // recovery withheld earlier (lock, missing reports): still a move away from the last owner
            w.leaving = w.previous.lastOwner();
            w.cause = "recovering from " + w.previous.lastOwner().get();
        }
        return false;
    }

    /**
     * An owner in the partition that has not reported yet still has the service, as far as anyone knows.
     *
     * @param w the service
     * @return whether the service is decided (the next rules do not apply)
     */
    private boolean leftWithUnreportedOwner(ServiceWork w) {
        String s = w.label();
        Optional<String> owner = w.previous.owner();
        if (owner.isPresent() && w.leaving.isEmpty() && c.members.contains(owner.get())
            && !c.in.reports().containsKey(owner.get()) && (w.previous.state() == ServiceState.STARTED
                || w.previous.state() == ServiceState.STARTING || w.previous.state() == ServiceState.STOPPING
                || w.previous.state() == ServiceState.FAILED)) {
            for (String n : new ArrayList<>(w.observed.keySet())) {
                if (w.observed.get(n).active()) {
                    c.stop(w, n, s + " stopped on " + n + ": " + owner.get() + " has not reported and may run it; "
                        + "never two owners");
                }
            }
            w.occupies = owner;
            w.reason = s + " left on " + owner.get() + ": waiting for " + owner.get() + " to report its services";
            w.mode = ServiceWork.Mode.DONE;
            return true;
        }
        return false;
    }

    /**
     * Rule 3, never two owners: keeps one active copy, stops the others (or waits for one already
     * stopping).
     *
     * @param w the service
     * @return whether the service is decided (the next rules do not apply)
     */
    private boolean resolveOwners(ServiceWork w) {
        String s = w.label();
        List<String> stoppingElsewhere = new ArrayList<>();
        List<String> active = new ArrayList<>();
        w.observed.forEach((n, st) -> {
            if (st.active()) {
                active.add(n);
            }
        });
        if (active.size() > 1) {
            List<String> notStopping = active.stream().filter(n -> w.observed.get(n) != ReportedState.STOPPING).toList();
            String keep = w.previous.owner().filter(active::contains)
                .orElse(c.sortedById(notStopping.isEmpty() ? active : notStopping).get(0));
            String all = String.join(" and ", c.sortedById(active));
            for (String n : c.sortedById(active)) {
                if (n.equals(keep)) {
                    continue;
                }
                if (w.observed.get(n) == ReportedState.STOPPING) {
                    // already on its way down (a relocation's source): wait for it, keep the node taken
                    stoppingElsewhere.add(n);
                } else {
                    c.stop(w, n, s + " reported running on " + all + "; never two owners: stopped on " + n
                        + ", kept on " + keep);
                }
                w.observed.remove(n);
            }
        }
        w.activeOn = w.observed.entrySet().stream().filter(e -> e.getValue().active())
            .map(Map.Entry::getKey).findFirst();
        Optional<String> r = w.activeOn;
        if (!stoppingElsewhere.isEmpty()) {
            // a start must not overlap the stop still going on elsewhere: wait for it
            w.owner = r;
            w.occupies = r;
            w.state = r.map(n -> w.observed.get(n) == ReportedState.RUNNING ? ServiceState.STARTED
                : ServiceState.STARTING).orElse(ServiceState.STOPPING);
            w.reason = s + " waiting for the stop on " + String.join(", ", stoppingElsewhere) + " to finish";
            w.mode = ServiceWork.Mode.DONE;
            return true;
        }
        return false;
    }

    /**
     * Rule 4: a frozen service is left alone.
     *
     * @param w the service
     * @return whether the service is decided (the next rules do not apply)
     */
    private boolean leftFrozen(ServiceWork w) {
        String s = w.label();
        Optional<String> r = w.activeOn;
        if (w.frozen) {
            r.ifPresent(n -> {
                w.owner = Optional.of(n);
                w.occupies = Optional.of(n);
            });
            if (!w.reason.startsWith(s + " frozen")) {
                w.reason = s + " frozen: left alone" + (w.owner.isPresent() && !c.members.contains(w.owner.get())
                    ? " (owner " + w.owner.get() + " is not a member)" : "");
            }
            w.mode = ServiceWork.Mode.DONE;
            return true;
        }
        return false;
    }

    /**
     * Rule 5: failures, failed stops and recovery.
     *
     * @param w the service
     * @return whether the service is decided (the next rules do not apply)
     */
    private boolean handledFailure(ServiceWork w) {
        String s = w.label();
        Optional<String> r = w.activeOn;
        List<String> failedOn = new ArrayList<>();
        w.observed.forEach((n, st) -> {
            if (st == ReportedState.FAILED) {
                failedOn.add(n);
            }
        });
        if (w.previous.state() == ServiceState.FAILED) {
            failedKept(w);
            return true;
        }
        for (String n : c.sortedById(failedOn)) {
            boolean onOwner = w.previous.owner().filter(n::equals).isPresent();
            boolean wasRunning = w.previous.state() == ServiceState.STARTED
                || w.previous.state() == ServiceState.STARTING;
            if (!onOwner || !wasRunning || w.leaving.isPresent()) {
                // a failed stop (or a failure where it was not meant to run): resources may be held
                w.state = ServiceState.FAILED;
                w.owner = Optional.of(n);
                w.occupies = Optional.of(n);
                w.reason = "stop of " + s + " failed on " + n + ": it may still hold resources there; "
                    + "needs an operator (svc:disable, then svc:enable)";
                w.mode = ServiceWork.Mode.DONE;
                return true;
            }
        }
        Optional<String> failedOwner = failedOn.isEmpty() ? Optional.empty() : Optional.of(failedOn.get(0));
        if (failedOwner.isEmpty() && r.isEmpty() && w.leaving.isEmpty()
            && (w.previous.state() == ServiceState.STARTED || w.previous.state() == ServiceState.STARTING)
            && w.previous.owner().filter(c.members::contains).isPresent()
            && c.in.reports().containsKey(w.previous.owner().get())) {
            failedOwner = w.previous.owner();
            w.cause = "stopped unexpectedly on " + failedOwner.get();
        }
        if (failedOwner.isPresent() && r.isEmpty() && !w.wantsRunning()) {
            // failed, and an operator wants it down anyway: clean up, no recovery
            String n = failedOwner.get();
            if (w.observed.get(n) == ReportedState.FAILED) {
                c.stop(w, n, s + " stopped on " + n + ": " + c.keptStoppedWhy(w) + " (cleaning up after the failure)");
                w.state = ServiceState.STOPPING;
                w.owner = Optional.of(n);
                w.mode = ServiceWork.Mode.DONE;
                return true;
            }
        } else if (failedOwner.isPresent() && r.isEmpty()) {
            recover(w, failedOwner.get());
            return true;
        }
        if (failedOwner.isPresent() && r.isPresent()) {
            // failed on the owner while active elsewhere: the other copy is the service now
            c.stop(w, failedOwner.get(), s + " failed on " + failedOwner.get() + " and runs on " + r.get()
                + ": cleaning up on " + failedOwner.get());
        }
        return false;
    }

    /** Rule 6: whether it should run, and if so how it is to be placed. */
    private void applyIntent(ServiceWork w) {
        String s = w.label();
        Optional<String> owner = w.previous.owner();
        Optional<String> r = w.activeOn;
        if (!w.wantsRunning()) {
            if (r.isPresent() && w.observed.get(r.get()) == ReportedState.STOPPING) {
                // already being stopped: wait, and keep the node taken until it is done
                w.state = ServiceState.STOPPING;
                w.owner = r;
                w.occupies = r;
                w.reason = s + " waiting for the stop on " + r.get() + " to finish (" + c.keptStoppedWhy(w) + ")";
            } else if (r.isPresent()) {
                c.stop(w, r.get(), s + " stopped on " + r.get() + ": " + c.keptStoppedWhy(w));
                w.state = ServiceState.STOPPING;
                w.owner = r;
            } else {
                if (w.previous.owner().isPresent() && w.leaving.isEmpty()) {
                    w.lastOwner = w.previous.owner();
                }
                w.owner = Optional.empty();
                w.state = w.disabled ? ServiceState.DISABLED : ServiceState.STOPPED;
                if (w.state != w.previous.state() || w.enableRequested || w.leaving.isPresent()) {
                    w.reason = s + " " + c.stateWord(w.state) + ": " + c.keptStoppedWhy(w);
                }
            }
            w.mode = ServiceWork.Mode.DONE;
            return;
        }
        if (r.isPresent()) {
            ReportedState st = w.observed.get(r.get());
            w.owner = r;
            if (st == ReportedState.STARTING || st == ReportedState.STOPPING) {
                w.state = st == ReportedState.STARTING ? ServiceState.STARTING : ServiceState.STOPPING;
                w.reason = s + " waiting for the " + (st == ReportedState.STARTING ? "start" : "stop") + " on "
                    + r.get() + " to finish";
                w.occupies = r;
                w.mode = ServiceWork.Mode.DONE;
                return;
            }
            if (w.previous.state() != ServiceState.STARTED || !w.previous.owner().equals(r)) {
                w.state = ServiceState.STARTED;
                w.reason = s + " started on " + r.get();
                if (w.previous.owner().isPresent() && !w.previous.owner().equals(r)
                    && w.previous.state() != ServiceState.STARTING) {
                    w.lastOwner = w.previous.owner();
                }
            }
            w.state = ServiceState.STARTED;
            w.failedStarts.clear();
            w.runningAt = r;
            if (w.restartRequested) {
                w.fixedTarget = r;
                w.home = r;
                w.cause = "restart requested by operator";
                w.mode = ServiceWork.Mode.PLACE;
                c.stop(w, r.get(), s + " restarted on " + r.get() + ": restart requested by operator");
                w.leaving = Optional.empty();
                w.runningAt = Optional.empty();
                w.previousOwnerForStart = r;
                return;
            }
            w.mode = ServiceWork.Mode.RUNNING;
            return;
        }
        // not running anywhere: start it
        if (w.cause.isEmpty() && w.previous.state() == ServiceState.RECOVERING && owner.isPresent()
            && c.members.contains(owner.get())) {
            w.leaving = owner;
            w.cause = owner.get() + " rejoined and no longer runs it";
        }
        if (w.cause.isEmpty()) {
            w.cause = w.enableRequested ? "enabled by operator" + w.enableTarget.map(t -> " (-m " + t + ")").orElse("")
                : w.previous.state() == ServiceState.STOPPED && w.previous.lastOwner().isEmpty()
                    && w.previous.owner().isEmpty() ? "autostart" : "not running";
        }
        if (w.enableTarget.isPresent()) {
            w.fixedTarget = w.enableTarget;
        }
        w.mode = ServiceWork.Mode.PLACE;
    }

    private void classifyUnknownDomain(ServiceWork w) {
        w.reason = w.label() + " cannot run: failover domain " + w.def.domain().orElse("") + " is not configured";
        String why = w.reason;
        w.state = ServiceState.STOPPED;
        if (w.previous.owner().isPresent()) {
            w.lastOwner = w.previous.owner();
        }
        w.owner = Optional.empty();
        for (Map.Entry<String, ReportedState> e : w.observed.entrySet()) {
            if (e.getValue() == ReportedState.RUNNING || e.getValue() == ReportedState.STARTING
                || e.getValue() == ReportedState.FAILED) {
                c.stop(w, e.getKey(), w.label() + " stopped on " + e.getKey() + ": " + why);
                w.state = ServiceState.STOPPING;
                w.owner = Optional.of(e.getKey());
                w.lastOwner = w.previous.lastOwner();
            }
        }
        w.mode = ServiceWork.Mode.DONE;
    }

    /** A FAILED service stays so; a disable or stop cleans up where it may hold resources. */
    private void failedKept(ServiceWork w) {
        w.state = ServiceState.FAILED;
        w.mode = ServiceWork.Mode.DONE;
        if (!w.wantsRunning()) {
            List<String> where = new ArrayList<>();
            w.observed.forEach((n, st) -> {
                if (st != ReportedState.STOPPING) {
                    where.add(n);
                }
            });
            boolean stopping = w.observed.containsValue(ReportedState.STOPPING);
            if (where.isEmpty() && !stopping) {
                w.state = w.disabled ? ServiceState.DISABLED : ServiceState.STOPPED;
                if (w.owner.isPresent()) {
                    w.lastOwner = w.owner;
                }
                w.owner = Optional.empty();
                w.reason = w.label() + " " + c.stateWord(w.state) + ": " + c.keptStoppedWhy(w);
                return;
            }
            for (String n : c.sortedById(where)) {
                c.stop(w, n, w.label() + " stopped on " + n + ": " + c.keptStoppedWhy(w) + " (cleaning up after the failure)");
                w.owner = Optional.of(n);
            }
            w.state = ServiceState.STOPPING;
            return;
        }
        w.owner.filter(c.members::contains).ifPresent(n -> w.occupies = Optional.of(n));
    }

    /** Recovery after a failure on the owner {@code n}. */
    private void recover(ServiceWork w, String n) {
        String s = w.label();
        boolean startFailure = w.previous.state() == ServiceState.STARTING;
        String what = w.cause.isEmpty() ? (startFailure ? "start failed on " + n : "failed on " + n) : w.cause;
        boolean mustStop = w.observed.get(n) == ReportedState.FAILED;
        Instant now = c.in.now();
        w.previousOwnerForStart = Optional.of(n);
        if (w.def.recovery().equals("disable")) {
            if (mustStop) {
                c.stop(w, n, s + " " + what + "; recovery policy disable: stopped and disabled");
                w.state = ServiceState.STOPPING;
                w.owner = Optional.of(n);
            } else {
                w.state = ServiceState.DISABLED;
                w.lastOwner = Optional.of(n);
                w.owner = Optional.empty();
            }
            w.disabled = true;
            w.stopWhy = "recovery policy disable";
            w.reason = s + " " + what + "; recovery policy disable: disabled";
            w.mode = ServiceWork.Mode.DONE;
            return;
        }
        if (mustStop) {
            c.stop(w, n, s + " " + what + ": stopping what is left of it before it is started again");
        }
        w.leaving = Optional.of(n);
        w.mode = ServiceWork.Mode.PLACE;
        if (startFailure) {
            w.failedStarts.add(n);
            w.exclude.addAll(w.failedStarts);
            w.cause = what;
            w.failIfNowhere = true;
            return;
        }
        List<Instant> history = c.restartHistory(w, now);
        history.add(now);
        int max = w.def.maxRestarts().orElse(0);
        String window = w.def.restartExpireTime().map(d -> " within " + d.toSeconds() + " s").orElse("");
        if (w.def.recovery().equals("relocate")) {
            w.exclude.add(n);
            w.cause = what + "; recovery policy relocate";
            w.restartInPlaceIfNowhere = true;
            w.restarts = new ArrayList<>();
            return;
        }
        if (max <= 0 || history.size() <= max) {
            w.fixedTarget = Optional.of(n);
            w.home = Optional.of(n);
            w.restarts = history;
            w.cause = what + "; recovery policy restart: restart " + history.size()
                + (max > 0 ? " of " + max + window : "") + " in place";
            return;
        }
        w.exclude.add(n);
        w.cause = what + " " + history.size() + " times" + window + " (max_restarts " + max + ")";
        w.restarts = new ArrayList<>();
        w.failIfNowhere = true;
    }
}
