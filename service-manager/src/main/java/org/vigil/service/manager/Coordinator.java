package org.vigil.service.manager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.service.ServiceDecision;
import org.vigil.api.service.ServiceState;
import org.vigil.service.policy.Action;
import org.vigil.service.policy.Decision;
import org.vigil.service.policy.Membership;
import org.vigil.service.policy.NodeReport;
import org.vigil.service.policy.OperatorRequest;
import org.vigil.service.policy.PlacementPolicy;
import org.vigil.service.policy.PolicyInput;
import org.vigil.service.policy.ReportedService;
import org.vigil.service.policy.ReportedState;
import org.vigil.service.policy.RequestOutcome;
import org.vigil.service.policy.ServiceEntry;
import org.vigil.service.policy.ServiceTable;

/**
 * The coordinator's part of the service manager, active only on the oldest member of a quorate
 * partition: on every change (a report, the view, quorum, a fencing outcome, a request, a new
 * configuration) it runs the {@link PlacementPolicy} over the members' reports and sends the
 * actions to the nodes: every stop first, waited for, then the starts whose stops (of the same
 * service, or on the same node) succeeded. Every decision is logged at INFO with its reason and
 * the last ones are kept. It plans from the nodes' reports (with the actions it has in flight laid
 * over them), never from what it believes it ordered; a new coordinator asks every member for its
 * report and starts from the last table it received (so a lost owner's services still wait for
 * fencing), with no member counted as newly joined.
 *
 * <p>{@code <rm allow_unfenced="1">} lets the services of a lost node that has no fence method at
 * all be recovered without fencing; otherwise they wait until the node is fenced or acknowledged.
 */
final class Coordinator {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    /** Decisions kept for {@code svc:list --why}. */
    static final int DECISIONS_KEPT = 100;
    /** Longest wait for the stops of one decision. */
    private static final Duration STOP_WAIT = Duration.ofMinutes(10);

    /** What the coordinator needs from its node. */
    interface Environment {
        /** @return this node's name */
        String localNode();

        /** @return the current view */
        MembershipView view();

        /** @return whether this partition is quorate (for the current view) */
        boolean quorate();

        /**
         * @param node a lost node
         * @return whether it is fenced (or acknowledged) since it was lost
         */
        boolean safelyFenced(String node);

        /** @return the members that announced a clean shutdown */
        Set<String> shuttingDown();

        /** @return the running configuration */
        Optional<ClusterConfiguration> config();

        /**
         * Sends an action to a node; its outcome comes back through {@link #actionDone}.
         *
         * @param node   the node
         * @param id     the action's id
         * @param action the action
         * @throws Exception when the node cannot be reached
         */
        void sendAction(String node, long id, Action action) throws Exception;

        /**
         * Asks a member for its report (it comes back through {@link #report}).
         *
         * @param node the member
         */
        void askReport(String node);

        /**
         * Gives the new table to every member.
         *
         * @param table the table
         */
        void publishTable(Wire.TableMessage table);
    }

    /** An accepted or refused request, with the table sequence number of the decision that took it. */
    record Outcome(RequestOutcome outcome, long seq) {
    }

    private record PendingRequest(OperatorRequest request, CompletableFuture<Outcome> result) {
    }

    private final Environment env;
    private final Executor worker;
    private final Clock clock;
    private final PlacementPolicy policy = new PlacementPolicy();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong actionIds = new AtomicLong();
    private final Map<String, Wire.SequencedReport> reports = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<NodeAgent.Result>> actions = new ConcurrentHashMap<>();
    private final Map<Long, String> actionNodes = new ConcurrentHashMap<>();
    /** node → service → the state an action in flight puts it in there. */
    private final Map<String, Map<String, ReportedState>> inflight = new ConcurrentHashMap<>();
    private final List<PendingRequest> requests = new ArrayList<>();
    private final ArrayDeque<ServiceDecision> decisions = new ArrayDeque<>();
    private final Map<String, Instant> since = new HashMap<>();
    private volatile boolean active;
    private ServiceTable table = ServiceTable.empty();
    private long seq;
    private byte[] lastPublished;
    private Instant lastPublishedAt = Instant.EPOCH;
    private final Map<String, String> waitingNotes = new HashMap<>();
    private final Map<String, Instant> lastAsked = new HashMap<>();
    private final Set<String> unfencedNoted = new TreeSet<>();

    Coordinator(Environment env, Executor worker, Clock clock) {
        this.env = env;
        this.worker = worker;
        this.clock = clock;
    }

    /** @return whether this node coordinates now */
    boolean isActive() {
        return active;
    }

    /**
     * This node becomes the coordinator.
     *
     * @param last the last table this node received (or an empty one)
     */
    synchronized void activate(Optional<Wire.TableMessage> last) {
        if (active) {
            return;
        }
        active = true;
        // only reports asked for now count: one kept from earlier (sent here while another node coordinated)
        // can show a service in flight as stopped, and the table as lost ("stopped unexpectedly")
        reports.clear();
        inflight.clear();
        table = last.map(t -> new ServiceTable(t.table().locked(), Set.of(), t.table().services()))
            .orElse(ServiceTable.empty());
        seq = last.map(Wire.TableMessage::seq).orElse(0L);
        since.clear();
        last.ifPresent(t -> since.putAll(t.since()));
        decisions.clear();
        last.ifPresent(t -> decisions.addAll(t.decisions()));
        lastPublished = null;
        LOG.info("This node ({}) is now the service manager's coordinator: asking every member for its report",
            env.localNode());
        for (ClusterNode m : env.view().members()) {
            env.askReport(m.name());
        }
        trigger();
    }

    /** This node is no longer the coordinator: pending requests are refused, actions forgotten. */
    synchronized void deactivate(String why) {
        if (!active) {
            return;
        }
        active = false;
        LOG.info("This node ({}) is no longer the service manager's coordinator: {}", env.localNode(), why);
        for (PendingRequest p : requests) {
            p.result().complete(new Outcome(new RequestOutcome(p.request(), false,
                "the coordinator " + env.localNode() + " stepped down (" + why + "); try again"), seq));
        }
        requests.clear();
        actions.values().forEach(f -> f.complete(new NodeAgent.Result(false, "the coordinator stepped down")));
        actions.clear();
        actionNodes.clear();
        inflight.clear();
    }

    /**
     * The view changed: reports of nodes gone are dropped, actions sent to them fail, new members
     * are asked for their reports.
     *
     * @param previous the view before
     * @param current  the view now
     */
    void viewChanged(MembershipView previous, MembershipView current) {
        if (!active) {
            return;
        }
        Set<String> members = names(current);
        reports.keySet().removeIf(n -> !members.contains(n));
        inflight.keySet().removeIf(n -> !members.contains(n));
        actionNodes.forEach((id, node) -> {
            if (!members.contains(node)) {
                actionDone(id, false, node + " left the cluster");
            }
        });
        for (String m : members) {
            if (!names(previous).contains(m)) {
                env.askReport(m);
            }
        }
        trigger();
    }

    /**
     * A member's report.
     *
     * @param r the report with its sequence number
     */
    void report(Wire.SequencedReport r) {
        reports.merge(r.report().node(), r, (old, neu) -> neu.seq() >= old.seq() ? neu : old);
        trigger();
    }

    /**
     * The end of an action sent to a node.
     *
     * @param id      the action's id
     * @param success whether it did what was asked
     * @param message what happened
     */
    void actionDone(long id, boolean success, String message) {
        actionNodes.remove(id);
        CompletableFuture<NodeAgent.Result> f = actions.remove(id);
        if (f != null) {
            f.complete(new NodeAgent.Result(success, message));
        }
    }

    /**
     * An operator's request, applied by the next decision.
     *
     * @param request the request
     * @return completes with its outcome once decided
     */
    CompletableFuture<Outcome> submit(OperatorRequest request) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        synchronized (this) {
            if (!active) {
                f.complete(new Outcome(new RequestOutcome(request, false,
                    env.localNode() + " is not the service manager's coordinator"), seq));
                return f;
            }
            requests.add(new PendingRequest(request, f));
        }
        trigger();
        return f;
    }

    /** Runs a decision soon (several triggers before it runs make one decision). */
    void trigger() {
        if (active && scheduled.compareAndSet(false, true)) {
            worker.execute(() -> {
                scheduled.set(false);
                try {
                    decide();
                } catch (RuntimeException e) {
                    LOG.error("The service manager's decision failed", e);
                }
            });
        }
    }

    /** @return the last decisions, oldest first */
    synchronized List<ServiceDecision> decisions() {
        return List.copyOf(decisions);
    }

    private void decide() {
        List<Action> todo;
        synchronized (this) {
            if (!active) {
                return;
            }
            Optional<ClusterConfiguration> cfg = env.config();
            if (cfg.isEmpty() || !env.quorate()) {
                // without quorum every node stops its own services; nothing is decided here
                failRequests(cfg.isEmpty() ? "no cluster configuration is loaded" : "no quorum: the service manager takes no action");
                return;
            }
            ClusterConfiguration config = cfg.get();
            MembershipView view = env.view();
            Set<String> members = names(view);
            Set<String> fenced = fenced(config, members);
            Map<String, NodeReport> current = new LinkedHashMap<>();
            Set<String> unreported = new TreeSet<>();
            for (String m : members) {
                Wire.SequencedReport r = reports.get(m);
                if (r == null) {
                    unreported.add(m);
                    Instant asked = lastAsked.get(m);
                    if (asked == null || Duration.between(asked, clock.instant()).toMillis() >= 1000) {
                        lastAsked.put(m, clock.instant());
                        env.askReport(m);
                    }
                } else {
                    current.put(m, overlay(r.report()));
                }
            }
            if (!unreported.isEmpty() && table.members().isEmpty()) {
                // a coordinator that has just taken over (or a new cluster) decides first when every member
                // has answered: a member counted later would look newly joined and pull services back to it
                return;
            }
            List<PendingRequest> batch = new ArrayList<>(requests);
            requests.clear();
            Instant now = clock.instant();
            Decision d = policy.decide(new PolicyInput(config, new Membership(members, true, fenced, shuttingDownMembers(members)), current,
                batch.stream().map(PendingRequest::request).toList(), table, now));
            Set<String> decidedFor = new TreeSet<>(d.table().members());
            decidedFor.removeAll(unreported);
            ServiceTable previous = table;
            table = new ServiceTable(d.table().locked(), decidedFor, d.table().services());
            table.services().forEach((name, e) -> {
                ServiceEntry before = previous.services().get(name);
                if (before == null || before.state() != e.state() || !before.owner().equals(e.owner())) {
                    since.put(name, now);
                }
            });
            for (Action a : d.actions()) {
                String line = a.describe() + ": " + a.reason();
                LOG.info("Decision: {}", line);
                decisions.addLast(new ServiceDecision(now, a.service(), a.describe(), a.reason()));
                while (decisions.size() > DECISIONS_KEPT) {
                    decisions.removeFirst();
                }
            }
            noteWaits(config, members);
            seq++;
            publish(now);
            for (int i = 0; i < batch.size(); i++) {
                RequestOutcome o = d.outcomes().get(i);
                LOG.info("Request {}: {}", o.request(), o.accepted() ? "accepted: " + o.message() : "refused: " + o.message());
                batch.get(i).result().complete(new Outcome(o, seq));
            }
            todo = d.actions();
        }
        execute(todo);
    }

    private void failRequests(String why) {
        for (PendingRequest p : requests) {
            p.result().complete(new Outcome(new RequestOutcome(p.request(), false, why), seq));
        }
        requests.clear();
    }

    /** Says, once per change, why a lost node's services wait. */
    private void noteWaits(ClusterConfiguration config, Set<String> members) {
        for (ServiceEntry e : table.services().values()) {
            String note = null;
            if (e.state() == ServiceState.RECOVERING && e.owner().isPresent() && !members.contains(e.owner().get())) {
                String owner = e.owner().get();
                if (config.fenceMethods(owner).isEmpty()) {
                    note = "service:" + e.name() + " is not recovered: " + owner + " has no fence device, so it cannot be"
                        + " fenced; acknowledge it with fence:ack " + owner + " once it is off, or allow running without"
                        + " fencing with <rm allow_unfenced=\"1\">";
                } else {
                    note = "service:" + e.name() + " waits for " + owner + " to be fenced before it is recovered";
                }
            }
            String before = note == null ? waitingNotes.remove(e.name()) : waitingNotes.put(e.name(), note);
            if (note != null && !note.equals(before)) {
                LOG.warn(note);
            }
        }
    }

    private Set<String> shuttingDownMembers(Set<String> members) {
        Set<String> out = new TreeSet<>(env.shuttingDown());
        out.retainAll(members);
        return out;
    }

    private Set<String> fenced(ClusterConfiguration config, Set<String> members) {
        boolean allowUnfenced = "1".equals(config.resourceManager().attributes().get("allow_unfenced"))
            || "true".equalsIgnoreCase(config.resourceManager().attributes().get("allow_unfenced"));
        Set<String> out = new TreeSet<>();
        for (NodeDefinition n : config.nodes()) {
            if (members.contains(n.name())) {
                continue;
            }
            if (env.safelyFenced(n.name())) {
                out.add(n.name());
                unfencedNoted.remove(n.name());
            } else if (allowUnfenced && config.fenceMethods(n.name()).isEmpty()) {
                out.add(n.name());
                if (unfencedNoted.add(n.name())) {
                    LOG.warn("{} has no fence device and <rm allow_unfenced=\"1\"> is set: its services are recovered"
                        + " without fencing it (it may still run them)", n.name());
                }
            }
        }
        return out;
    }

    private NodeReport overlay(NodeReport r) {
        Map<String, ReportedState> pending = inflight.get(r.node());
        if (pending == null || pending.isEmpty()) {
            return r;
        }
        Map<String, ReportedService> services = new LinkedHashMap<>(r.services());
        pending.forEach((svc, st) -> {
            ReportedState reported = r.state(svc);
            if (reported != ReportedState.FAILED) {
                services.put(svc, ReportedService.of(st));
            }
        });
        return new NodeReport(r.node(), services);
    }

    private void publish(Instant now) {
        Wire.TableMessage t = new Wire.TableMessage(seq, env.localNode(), table, Map.copyOf(since), List.copyOf(decisions));
        byte[] content = Wire.bytes(Wire.table(new Wire.TableMessage(0, "", table, Map.of(), List.copyOf(decisions))));
        if (lastPublished != null && java.util.Arrays.equals(content, lastPublished)
            && Duration.between(lastPublishedAt, now).toSeconds() < 10) {
            seq--;
            return;
        }
        lastPublished = content;
        lastPublishedAt = now;
        env.publishTable(t);
    }

    /** Carries out a decision: stops (and migrations, as stop then start) first, then the starts. */
    private void execute(List<Action> todo) {
        Map<Action, CompletableFuture<NodeAgent.Result>> stops = new LinkedHashMap<>();
        List<Action> starts = new ArrayList<>();
        for (Action a : todo) {
            switch (a.kind()) {
                case STOP -> stops.put(a, send(a.node().orElseThrow(), a, ReportedState.STOPPING));
                case MIGRATE -> {
                    Action stop = new Action(Action.Kind.STOP, a.service(), a.node(), Optional.empty(),
                        ServiceState.STOPPING, a.reason() + " (migrated as stop and start)");
                    stops.put(stop, send(a.node().orElseThrow(), stop, ReportedState.STOPPING));
                    starts.add(new Action(Action.Kind.START, a.service(), a.target(), Optional.empty(),
                        ServiceState.STARTING, a.reason()));
                }
                case START -> starts.add(a);
                case MARK -> { }
            }
        }
        Map<Action, NodeAgent.Result> stopped = new HashMap<>();
        for (var e : stops.entrySet()) {
            NodeAgent.Result r;
            try {
                r = e.getValue().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception ex) {
                r = new NodeAgent.Result(false, "no answer: " + ex);
            }
            stopped.put(e.getKey(), r);
        }
        for (Action start : starts) {
            String node = start.node().orElseThrow();
            Optional<String> blocked = stopped.entrySet().stream()
                .filter(e -> !e.getValue().success())
                .filter(e -> e.getKey().service().equals(start.service()) || e.getKey().node().equals(start.node()))
                .map(e -> e.getKey().describe() + " failed: " + e.getValue().message()).findFirst();
            if (blocked.isPresent()) {
                LOG.warn("Not carrying out '{}': {}", start.describe(), blocked.get());
                continue;
            }
            if (!active) {
                return;
            }
            send(node, start, ReportedState.STARTING);
        }
        if (!stops.isEmpty()) {
            trigger();
        }
    }

    private CompletableFuture<NodeAgent.Result> send(String node, Action a, ReportedState transition) {
        long id = actionIds.incrementAndGet();
        CompletableFuture<NodeAgent.Result> f = new CompletableFuture<>();
        actions.put(id, f);
        actionNodes.put(id, node);
        inflight.computeIfAbsent(node, k -> new ConcurrentHashMap<>()).put(a.service(), transition);
        f.whenComplete((r, e) -> {
            Map<String, ReportedState> m = inflight.get(node);
            if (m != null) {
                m.remove(a.service(), transition);
            }
            if (r != null && !r.success()) {
                LOG.warn("{} failed: {}", a.describe(), r.message());
            }
            trigger();
        });
        try {
            env.sendAction(node, id, a);
        } catch (Exception e) {
            actionDone(id, false, "cannot reach " + node + ": " + e.getMessage());
        }
        return f;
    }

    private static Set<String> names(MembershipView v) {
        Set<String> out = new TreeSet<>();
        v.members().forEach(m -> out.add(m.name()));
        return out;
    }
}
