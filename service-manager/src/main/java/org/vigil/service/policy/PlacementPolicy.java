package org.vigil.service.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.FailoverDomain;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.service.ServiceState;

/**
 * The placement and recovery policy of the service manager, as a pure function: the same
 * {@link PolicyInput} always gives the same {@link Decision}, and nothing is kept between calls.
 *
 * <h2>Rules, in the order they apply</h2>
 * <ol>
 * <li><b>Quorum.</b> Without quorum nothing is started, moved or recorded: every member stops every
 *     service it reports running, starting or failed ("no quorum"), and every request is refused.</li>
 * <li><b>Fencing.</b> A service whose owner left the partition stays RECOVERING with its owner
 *     ("waiting for node3 to be fenced") until that node is in {@link Membership#fenced()}; a copy
 *     reported on a member meanwhile is stopped. Once fenced, the service is placed again.</li>
 * <li><b>One owner.</b> A service reported active on two or more members is stopped on all but one
 *     (the table's owner, else the lowest node id not already stopping), and the reason says so; a
 *     member that has not reported yet is assumed to keep what the table gives it.</li>
 * <li><b>Freeze.</b> A frozen service is left alone: no start, stop, restart or move, and requests
 *     other than freeze and unfreeze are refused. Rules 1–3 still apply.</li>
 * <li><b>Failures.</b> A failure on the owner (reported FAILED, or stopped when the table says it
 *     runs there) follows the service's {@code recovery}: {@code restart} restarts in place while the
 *     failures within {@code restart_expire_time} are at most {@code max_restarts} (no limit when
 *     {@code max_restarts} is 0 or absent), then relocates; {@code relocate} moves it to the best other
 *     node (restarting in place when there is none); {@code disable} stops and disables it. A failed
 *     start moves on to another node and the node is avoided until the service has started. A failed
 *     stop leaves the service FAILED on that node until an operator disables it (its resources
 *     may still be held there).</li>
 * <li><b>Placement</b> among the members the domain allows (a restricted domain: only its members;
 *     unrestricted: its members first, any member as a last resort): ordered domains by priority
 *     (1 highest); equal priorities and unordered domains prefer the current owner, then the least
 *     loaded node, then the lowest node id. {@code exclusive} services start only on a node running
 *     nothing, and a node running one runs nothing else. {@code autostart="0"} services start
 *     DISABLED. A member shutting down ({@link Membership#shuttingDown()}) is never a candidate: what
 *     runs there moves to the best other node, or stops there when no other node may run it.</li>
 * <li><b>Failback.</b> A running service moves only toward a better node of its domain that has
 *     just joined (a member now, not in {@link ServiceTable#members()}), and not with {@code
 *     nofailback} while it runs inside its domain. So an operator's relocation stays where it was put
 *     but leaves no constraint behind: the next failover or failback follows the domain again.</li>
 * <li><b>Lock.</b> While the cluster-wide lock is held, no service moves from one node to another
 *     (relocate, migrate, failback, failover, recovery by relocation); starts in place and first starts
 *     still happen. LOCK and UNLOCK requests hold for the whole decision they arrive in.</li>
 * <li>While a member has not reported, nothing is started or moved (it may run services the table
 *     does not know of); stops still happen.</li>
 * </ol>
 */
public final class PlacementPolicy {

    /**
     * Decides.
     *
     * @param in what the cluster looks like
     * @return what to do, why, and the new table
     */
    public Decision decide(PolicyInput in) {
        return new Run(new DecisionContext(in)).decide();
    }

    /** One decision in the making: the steps, in order. */
    private static final class Run {
        private final DecisionContext c;
        private final RequestRules requests;
        private final StateRules states;
        private final PlacementRules placement;

        Run(DecisionContext c) {
            this.c = c;
            this.requests = new RequestRules(c);
            this.states = new StateRules(c);
            this.placement = new PlacementRules(c);
        }

        Decision decide() {
            if (!c.in.membership().quorate()) {
                return withoutQuorum();
            }
            ServiceTable prev = c.in.previous();
            c.locked = prev.locked();
            if (!prev.members().isEmpty()) {
                c.membershipChanged = !prev.members().equals(c.members);
                for (String m : c.members) {
                    if (!prev.members().contains(m)) {
                        c.newlyJoined.add(m);
                    }
                }
            }
            for (String m : c.sortedById(c.members)) {
                if (!c.in.reports().containsKey(m)) {
                    c.unreported.add(m);
                }
            }
            buildWorks();
            sortRequests();
            stopUnknownServices();
            for (ServiceWork w : c.works.values()) {
                requests.applyRequests(w);
                states.classify(w);
            }
            placement.place();
            requests.finishOutcomes();
            addMarks();
            return new Decision(orderedActions(), List.of(c.outcomes), newTable());
        }

        private Decision withoutQuorum() {
            String partition = String.join(",", c.sortedById(c.members));
            for (String node : c.sortedById(c.members)) {
                NodeReport r = c.in.reports().get(node);
                if (r == null) {
                    continue;
                }
                r.services().forEach((svc, rs) -> {
                    if (rs.state() == ReportedState.RUNNING || rs.state() == ReportedState.STARTING
                        || rs.state() == ReportedState.FAILED) {
                        c.actions.add(new Action(Action.Kind.STOP, svc, Optional.of(node), Optional.empty(),
                            ServiceState.STOPPING, "no quorum: every node of partition {" + partition
                            + "} stops its services"));
                    }
                });
            }
            for (int i = 0; i < c.outcomes.length; i++) {
                c.outcomes[i] = new RequestOutcome(c.in.requests().get(i), false,
                    "no quorum: the service manager takes no action");
            }
            // nothing is decided, but what this partition stops is recorded as stopped
            Map<String, ServiceEntry> entries = new LinkedHashMap<>();
            c.in.previous().services().forEach((name, e) -> {
                boolean stoppedHere = e.owner().filter(c.members::contains).isPresent()
                    && (e.state() == ServiceState.STARTED || e.state() == ServiceState.STARTING
                        || e.state() == ServiceState.STOPPING);
                entries.put(name, stoppedHere
                    ? new ServiceEntry(name, ServiceState.STOPPED, Optional.empty(), e.owner(), e.frozen(), e.disabled(),
                        e.operatorStopped(), e.restarts(), e.failedStarts(),
                        "service:" + name + " stopped on " + e.owner().get() + ": no quorum")
                    : e);
            });
            return new Decision(orderedActions(), List.of(c.outcomes),
                new ServiceTable(c.in.previous().locked(), c.in.previous().members(), entries));
        }

        private void buildWorks() {
            ClusterConfiguration cfg = c.in.config();
            Map<String, DomainView> domains = new HashMap<>();
            for (FailoverDomain d : cfg.resourceManager().failoverDomains()) {
                domains.putIfAbsent(d.name(), DomainView.of(d, c.nodeIds));
            }
            int index = 0;
            for (ServiceDefinition def : cfg.resourceManager().services()) {
                if (def.name().isEmpty() || c.works.containsKey(def.name())) {
                    continue;
                }
                DomainView domain = def.domain().map(domains::get).orElse(DomainView.NONE);
                ServiceEntry prev = c.in.previous().service(def.name()).orElseGet(() -> initialEntry(def));
                ServiceWork w = new ServiceWork(def, index++, domain, migratable(def.resources()), prev);
                if (def.domain().isPresent() && !domains.containsKey(def.domain().get())) {
                    w.unknownDomain = true;
                }
                if (w.held && c.membershipChanged) {
                    w.held = false;
                    w.cause = "the membership changed since svc:stop";
                }
                c.works.put(def.name(), w);
            }
            for (String node : c.sortedById(c.members)) {
                NodeReport r = c.in.reports().get(node);
                if (r == null) {
                    continue;
                }
                r.services().forEach((svc, rs) -> {
                    ServiceWork w = c.works.get(svc);
                    if (w == null) {
                        return;
                    }
                    if (rs.state() != ReportedState.STOPPED) {
                        w.observed.put(node, rs.state());
                    }
                    w.reportedRestarts.addAll(rs.restarts());
                });
            }
        }

        private static ServiceEntry initialEntry(ServiceDefinition def) {
            if (def.autostart()) {
                return new ServiceEntry(def.name(), ServiceState.STOPPED, Optional.empty(), Optional.empty(), false,
                    false, false, List.of(), Set.of(), "");
            }
            return new ServiceEntry(def.name(), ServiceState.DISABLED, Optional.empty(), Optional.empty(), false,
                true, false, List.of(), Set.of(), "autostart is 0: stays disabled until enabled");
        }

        private static boolean migratable(List<ResourceDefinition> tree) {
            for (ResourceDefinition r : tree) {
                if ("vm".equals(r.type()) || migratable(r.children())) {
                    return true;
                }
            }
            return false;
        }

        private void sortRequests() {
            List<OperatorRequest> reqs = c.in.requests();
            for (int i = 0; i < reqs.size(); i++) {
                OperatorRequest r = reqs.get(i);
                if (!r.verb().namesService()) {
                    c.locked = r.verb() == OperatorVerb.LOCK;
                    c.outcomes[i] = new RequestOutcome(r, true, c.locked
                        ? "cluster-wide lock held: no service will be moved between nodes"
                        : "cluster-wide lock released");
                } else if (!c.works.containsKey(r.service())) {
                    c.outcomes[i] = new RequestOutcome(r, false, "no service named '" + r.service()
                        + "' in the configuration (config_version " + c.in.config().configVersion() + ")");
                } else {
                    c.requestsByService.computeIfAbsent(r.service(), k -> new ArrayList<>()).add(i);
                }
            }
        }

        private void stopUnknownServices() {
            for (String node : c.sortedById(c.members)) {
                NodeReport r = c.in.reports().get(node);
                if (r == null) {
                    continue;
                }
                r.services().forEach((svc, rs) -> {
                    if (!c.works.containsKey(svc) && rs.state() != ReportedState.STOPPED
                        && rs.state() != ReportedState.STOPPING) {
                        c.actions.add(new Action(Action.Kind.STOP, svc, Optional.of(node), Optional.empty(),
                            ServiceState.STOPPING, "service:" + svc + " is not in the configuration (config_version "
                            + c.in.config().configVersion() + "): stopped on " + node));
                    }
                });
            }
        }

        private void addMarks() {
            for (ServiceWork w : c.works.values()) {
                if (w.acted) {
                    continue;
                }
                if (w.state != w.previous.state() || c.in.previous().service(w.name).isEmpty()) {
                    c.actions.add(new Action(Action.Kind.MARK, w.name, w.owner, Optional.empty(), w.state,
                        w.reason.isEmpty() ? w.label() + " is " + c.stateWord(w.state) : w.reason));
                }
            }
        }

        private List<Action> orderedActions() {
            List<Action> out = new ArrayList<>(c.actions);
            out.sort(Comparator.comparingInt(a -> a.kind().ordinal()));
            return out;
        }

        private ServiceTable newTable() {
            Map<String, ServiceEntry> entries = new LinkedHashMap<>();
            for (ServiceWork w : c.works.values()) {
                if (w.state != ServiceState.STARTED && w.state != ServiceState.STARTING) {
                    w.failedStarts = w.state == ServiceState.FAILED || w.state == ServiceState.RECOVERING
                        ? w.failedStarts : new TreeSet<>();
                }
                if (!w.restarts.isEmpty()) {
                    w.restarts = c.restartHistory(w, c.in.now());
                }
                entries.put(w.name, w.entry());
            }
            return new ServiceTable(c.locked, c.members, entries);
        }
    }
}
