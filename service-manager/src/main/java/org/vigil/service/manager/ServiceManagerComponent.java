package org.vigil.service.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfigListener;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.fence.FenceListener;
import org.vigil.api.fence.FenceOutcome;
import org.vigil.api.fence.FencingService;
import org.vigil.api.membership.MembershipListener;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.messaging.ClusterMessage;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.MessageHandler;
import org.vigil.api.quorum.QuorumListener;
import org.vigil.api.quorum.QuorumService;
import org.vigil.api.quorum.QuorumState;
import org.vigil.api.resource.LocalResourceManager;
import org.vigil.api.service.ServiceDecision;
import org.vigil.api.service.ServiceManager;
import org.vigil.api.service.ServiceOperationResult;
import org.vigil.api.service.ServiceState;
import org.vigil.api.service.ServiceStatus;
import org.vigil.api.service.ServiceVerb;
import org.vigil.service.policy.Action;
import org.vigil.service.policy.NodeReport;
import org.vigil.service.policy.OperatorRequest;
import org.vigil.service.policy.OperatorVerb;
import org.vigil.service.policy.ReportedState;
import org.vigil.service.policy.ServiceEntry;

/**
 * The service manager on one node (rgmanager): every node runs its {@link NodeAgent} (starts and
 * stops services with the local resource manager, reports their states) and the oldest member of
 * a quorate partition also runs the {@link Coordinator}. Without quorum a node stops its services
 * on its own. Operator verbs ({@link ServiceManager#perform}) go to the coordinator from any node
 * and are answered when the service got where it was asked to be (or why not).
 */
@Component(service = {ServiceManager.class, MembershipListener.class, QuorumListener.class, FenceListener.class,
    ClusterConfigListener.class, MessageHandler.class},
    property = MessageHandler.TOPIC_PROPERTY + "=" + Wire.TOPIC, immediate = true)
public final class ServiceManagerComponent implements ServiceManager, MembershipListener, QuorumListener,
    FenceListener, ClusterConfigListener, MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceManagerComponent.class);
    /** How long an operator's verb waits for the service to get where it was asked. */
    static final Duration OPERATION_WAIT = Duration.ofSeconds(Long.getLong("vigil.service.operationWaitSeconds", 90));
    private static final Duration REQUEST_WAIT = Duration.ofSeconds(20);
    /** How long a node shutting down waits for the cluster to move its services away before it stops them itself. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(Long.getLong("vigil.service.shutdownWaitSeconds", 60));
    /** How long a node shutting down waits for its own stops. */
    private static final Duration SHUTDOWN_STOP_WAIT = Duration.ofSeconds(120);

    @Reference
    volatile MembershipService membership;
    @Reference
    volatile QuorumService quorum;
    @Reference
    volatile LocalResourceManager lrm;
    @Reference
    volatile ClusterConfigStore configStore;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ClusterMessaging messaging;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FencingService fencing;

    private ScheduledExecutorService worker;
    private ExecutorService pool;
    private NodeAgent agent;
    private Coordinator coordinator;
    private String local;
    private volatile boolean probed;
    private volatile boolean wasQuorate;
    /** Report numbers grow across restarts of the node (time-based start), so a stale report never wins. */
    private final AtomicLong reportSeq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final Object tableMonitor = new Object();
    private volatile Wire.TableMessage lastTable;
    private final Map<Long, CompletableFuture<Coordinator.Outcome>> outcomes = new ConcurrentHashMap<>();
    /** Members that announced a clean shutdown (every node keeps this, for whichever coordinates). */
    private final Set<String> shuttingDown = ConcurrentHashMap.newKeySet();
    /** This node shuts down: it starts nothing more. */
    private volatile boolean leaving;

    /** For DS. */
    public ServiceManagerComponent() {
    }

    /**
     * For tests: a component wired by hand.
     */
    static ServiceManagerComponent of(MembershipService membership, QuorumService quorum, LocalResourceManager lrm,
                                      ClusterConfigStore store, ClusterMessaging messaging, FencingService fencing) {
        ServiceManagerComponent c = new ServiceManagerComponent();
        c.membership = membership;
        c.quorum = quorum;
        c.lrm = lrm;
        c.configStore = store;
        c.messaging = messaging;
        c.fencing = fencing;
        return c;
    }

    @Activate
    void activate() {
        local = membership.localNode().name();
        worker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-service-coordinator"));
        pool = Executors.newCachedThreadPool(r -> daemon(r, "vigil-service-agent"));
        agent = new NodeAgent(local, lrm, () -> configStore.current(), this::reportChanged, pool);
        coordinator = new Coordinator(new Env(), worker, Clock.systemUTC());
        wasQuorate = quorum.isQuorate();
        lrm.probe().whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("Probing this node's resources failed: {}", e.toString());
            }
            probed = true;
            LOG.info("Service manager on {}: resources probed, reporting {}", local, agent.report().services());
            reportChanged(agent.report());
            worker.execute(this::tick);
        });
        worker.scheduleWithFixedDelay(this::tick, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        drainBeforeLeaving();
        halt();
    }

    /** Stops at once, as a crash would: nothing is moved or stopped (tests use it for a node that dies). */
    void halt() {
        if (coordinator != null) {
            coordinator.deactivate("the service manager stops");
        }
        if (worker != null) {
            worker.shutdownNow();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        outcomes.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the service manager stopped")));
    }

    /**
     * A clean shutdown (bin/stop, the bundle stopped): this node tells every member it shuts down, so
     * that the coordinator moves its services to other nodes (stop here first), waits for that, then
     * stops here whatever is still active. Only then does the node leave the membership, and the others
     * do not fence it: what it ran is stopped or elsewhere.
     */
    private void drainBeforeLeaving() {
        if (!probed || agent == null || worker == null || worker.isShutdown()) {
            return;
        }
        leaving = true;
        Set<String> active = active(agent.report());
        boolean quorate = quorum.isQuorate();
        announceShutdown();
        if (!active.isEmpty() && quorate) {
            LOG.info("{} shuts down: its services {} move to other nodes first (at most {} s)", local, active,
                SHUTDOWN_WAIT.toSeconds());
            long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
            while (!active.isEmpty() && System.nanoTime() < deadline && quorum.isQuorate()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                active = active(agent.report());
            }
        }
        Set<String> remaining = agent.report().services().keySet();
        if (!remaining.isEmpty()) {
            LOG.warn("{} shuts down: stopping {} here{}", local, remaining, !quorum.isQuorate() ? " (no quorum)"
                : !active.isEmpty() ? " (they did not move in time)" : " (their stop failed)");
            try {
                agent.stopAll(local + " shuts down").get(SHUTDOWN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Stopping the services of {} did not end: {}", local, e.toString());
            }
            remaining = agent.report().services().keySet();
            if (!remaining.isEmpty()) {
                LOG.error("{} leaves with {} not stopped (they may still hold resources here): they stay FAILED, and"
                    + " nothing recovers them until an operator has checked {} and runs svc:disable, then svc:enable",
                    local, remaining, local);
                return;
            }
        }
        LOG.info("{} shuts down: none of its services runs here any more", local);
    }

    /** @return the services running, starting or stopping in the report (a FAILED one needs more than waiting) */
    private static Set<String> active(NodeReport r) {
        Set<String> out = new TreeSet<>();
        r.services().forEach((svc, s) -> {
            if (s.state() == ReportedState.RUNNING || s.state() == ReportedState.STARTING || s.state() == ReportedState.STOPPING) {
                out.add(svc);
            }
        });
        return out;
    }

    private void announceShutdown() {
        shuttingDown.add(local);
        if (!quorum.isQuorate()) {
            return;
        }
        ClusterMessaging m = messaging;
        if (m != null) {
            try {
                m.broadcast(Wire.TOPIC, Wire.bytes(Wire.message("leaving")));
            } catch (RuntimeException e) {
                LOG.debug("Shutdown notice not sent: {}", e.toString());
            }
        }
        worker.execute(coordinator::trigger);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---- events

    private void tick() {
        try {
            if (!probed) {
                return;
            }
            agent.poll();
            boolean quorate = quorum.isQuorate();
            if (!quorate) {
                NodeReport r = agent.report();
                // what still runs or starts is stopped (a stop that failed is reported FAILED and not retried every second)
                if (r.services().values().stream().anyMatch(s -> s.state() == ReportedState.RUNNING
                    || s.state() == ReportedState.STARTING)) {
                    LOG.warn("No quorum ({}): {} stops its services {} without waiting for anyone", quorum.state().reason(),
                        local, r.services().keySet());
                    agent.stopAll("no quorum: " + quorum.state().reason());
                }
            }
            evaluateLeadership();
            coordinator.trigger();
        } catch (RuntimeException e) {
            LOG.warn("Service manager tick failed", e);
        }
    }

    private void evaluateLeadership() {
        MembershipView view = membership.currentView();
        boolean lead = probed && messaging != null && view.isLocalCoordinator() && quorum.isQuorate();
        if (lead && !coordinator.isActive()) {
            coordinator.activate(Optional.ofNullable(lastTable));
        } else if (!lead && coordinator.isActive()) {
            coordinator.deactivate(!quorum.isQuorate() ? "no quorum" : "another member is older: "
                + view.coordinator().name());
        }
    }

    @Override
    public void viewChanged(MembershipView previous, MembershipView current) {
        ScheduledExecutorService w = worker;
        if (w == null) {
            return;
        }
        shuttingDown.removeIf(n -> current.members().stream().noneMatch(m -> m.name().equals(n)));
        w.execute(() -> {
            evaluateLeadership();
            coordinator.viewChanged(previous, current);
            // the coordinator may have changed: tell it what runs here
            if (probed) {
                reportChanged(agent.report());
            }
        });
    }

    @Override
    public void quorumChanged(QuorumState previous, QuorumState current) {
        ScheduledExecutorService w = worker;
        if (w == null) {
            return;
        }
        w.execute(() -> {
            if (wasQuorate && !current.quorate()) {
                LOG.warn("Quorum lost ({}): {} stops every service it runs", current.reason(), local);
                agent.stopAll("no quorum: " + current.reason());
            }
            wasQuorate = current.quorate();
            evaluateLeadership();
            coordinator.trigger();
        });
    }

    @Override
    public void fenced(FenceOutcome outcome) {
        ScheduledExecutorService w = worker;
        if (coordinator == null || w == null) {
            return;
        }
        coordinator.trigger();
        // listeners may be told just before isSafelyFenced says so: look again shortly after
        for (long ms : new long[] {20, 100, 300}) {
            w.schedule(coordinator::trigger, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void configurationChanged(ClusterConfiguration current) {
        if (coordinator != null) {
            agent.poll();
            coordinator.trigger();
        }
    }

    private void reportChanged(NodeReport r) {
        if (!probed) {
            return;
        }
        ObjectNode msg = Wire.report("report", reportSeq.incrementAndGet(), r);
        deliver(membership.currentView().coordinator().name(), msg);
    }

    // ---- messages

    private void deliver(String node, ObjectNode msg) {
        if (node.equals(local)) {
            ExecutorService p = pool;
            if (p != null && !p.isShutdown()) {
                p.execute(() -> handle(local, msg));
            }
            return;
        }
        ClusterMessaging m = messaging;
        if (m == null) {
            LOG.debug("No messaging yet: {} message to {} not sent", msg.path("type").asText(), node);
            return;
        }
        try {
            m.send(node, Wire.TOPIC, Wire.bytes(msg));
        } catch (Exception e) {
            LOG.debug("{} message to {} not sent: {}", msg.path("type").asText(), node, e.getMessage());
            if ("action".equals(msg.path("type").asText())) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    @Override
    public byte[] onMessage(ClusterMessage message) throws Exception {
        handle(message.from(), Wire.parse(message.payload()));
        return null;
    }

    private void handle(String from, ObjectNode o) {
        try {
            switch (o.path("type").asText()) {
                case "report" -> coordinator.report(Wire.report(o));
                case "ask" -> {
                    if (probed) {
                        deliver(from, Wire.report("report", reportSeq.incrementAndGet(), agent.report()));
                    }
                }
                case "action" -> runAction(from, o);
                case "done" -> {
                    coordinator.report(Wire.report(o.path("report")));
                    coordinator.actionDone(o.path("id").asLong(), o.path("success").asBoolean(), o.path("message").asText());
                }
                case "request" -> {
                    long id = o.path("id").asLong();
                    OperatorRequest req = new OperatorRequest(OperatorVerb.valueOf(o.path("verb").asText()),
                        o.path("service").asText(""), Wire.optional(o, "member"));
                    coordinator.submit(req).thenAccept(out -> {
                        ObjectNode reply = Wire.message("outcome");
                        reply.put("id", id);
                        reply.put("accepted", out.outcome().accepted());
                        reply.put("message", out.outcome().message());
                        reply.put("seq", out.seq());
                        deliver(from, reply);
                    });
                }
                case "outcome" -> {
                    CompletableFuture<Coordinator.Outcome> f = outcomes.remove(o.path("id").asLong());
                    if (f != null) {
                        f.complete(new Coordinator.Outcome(new org.vigil.service.policy.RequestOutcome(
                            OperatorRequest.of(OperatorVerb.LOCK, ""), o.path("accepted").asBoolean(),
                            o.path("message").asText()), o.path("seq").asLong()));
                    }
                }
                case "table" -> tableReceived(Wire.table(o));
                case "leaving" -> {
                    LOG.info("{} shuts down: nothing more is started there, and what runs there moves away", from);
                    shuttingDown.add(from);
                    coordinator.trigger();
                }
                default -> LOG.warn("Unknown service manager message '{}' from {}", o.path("type").asText(), from);
            }
        } catch (Exception e) {
            LOG.warn("Bad service manager message from {}: {}", from, e.toString());
        }
    }

    private void runAction(String from, JsonNode o) {
        long id = o.path("id").asLong();
        String service = o.path("service").asText();
        String reason = o.path("reason").asText();
        Action.Kind kind = Action.Kind.valueOf(o.path("kind").asText());
        CompletableFuture<NodeAgent.Result> f;
        if (kind == Action.Kind.START && !quorum.isQuorate()) {
            f = CompletableFuture.completedFuture(new NodeAgent.Result(false,
                "service:" + service + " not started on " + local + ": no quorum here"));
        } else if (kind == Action.Kind.START && leaving) {
            f = CompletableFuture.completedFuture(new NodeAgent.Result(false,
                "service:" + service + " not started on " + local + ": " + local + " shuts down"));
        } else if (kind == Action.Kind.START) {
            f = agent.start(service, reason);
        } else {
            f = agent.stop(service, reason);
        }
        f.thenAccept(r -> {
            ObjectNode done = Wire.message("done");
            done.put("id", id);
            done.put("success", r.success());
            done.put("message", r.message());
            done.set("report", Wire.report("report", reportSeq.incrementAndGet(), agent.report()));
            deliver(from, done);
        });
    }

    private void tableReceived(Wire.TableMessage t) {
        synchronized (tableMonitor) {
            Wire.TableMessage before = lastTable;
            if (before == null || t.seq() >= before.seq() || !t.coordinator().equals(before.coordinator())) {
                lastTable = t;
            }
            tableMonitor.notifyAll();
        }
    }

    /** The coordinator's environment: this node. */
    private final class Env implements Coordinator.Environment {
        @Override
        public String localNode() {
            return local;
        }

        @Override
        public MembershipView view() {
            return membership.currentView();
        }

        @Override
        public boolean quorate() {
            return quorum.isQuorate();
        }

        @Override
        public Set<String> shuttingDown() {
            return Set.copyOf(shuttingDown);
        }

        @Override
        public boolean safelyFenced(String node) {
            FencingService f = fencing;
            return f != null && f.isSafelyFenced(node);
        }

        @Override
        public Optional<ClusterConfiguration> config() {
            return configStore.current();
        }

        @Override
        public void sendAction(String node, long id, Action action) {
            ObjectNode msg = Wire.message("action");
            msg.put("id", id);
            msg.put("kind", action.kind().name());
            msg.put("service", action.service());
            msg.put("reason", action.reason());
            deliver(node, msg);
        }

        @Override
        public void askReport(String node) {
            deliver(node, Wire.message("ask"));
        }

        @Override
        public void publishTable(Wire.TableMessage table) {
            tableReceived(table);
            ClusterMessaging m = messaging;
            if (m != null) {
                m.broadcast(Wire.TOPIC, Wire.bytes(Wire.table(table)));
            }
        }
    }

    // ---- ServiceManager

    @Override
    public List<ServiceStatus> services() {
        Wire.TableMessage t = lastTable;
        List<ServiceStatus> out = new ArrayList<>();
        Optional<ClusterConfiguration> cfg = configStore.current();
        List<String> names = new ArrayList<>();
        cfg.ifPresent(c -> c.resourceManager().services().forEach(s -> names.add(s.name())));
        if (t != null) {
            t.table().services().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        }
        for (String name : names) {
            ServiceEntry e = t == null ? null : t.table().services().get(name);
            if (e == null) {
                out.add(new ServiceStatus(name, ServiceState.STOPPED, Optional.empty(), Optional.empty(), false,
                    Instant.EPOCH, "not placed yet: no coordinator has decided about it (is the cluster quorate?)"));
            } else {
                String reason = quorum.isQuorate() ? e.reason() : "no quorum here (" + quorum.state().reason()
                    + "): the last state decided is shown; " + local + " runs none of its services. " + e.reason();
                out.add(new ServiceStatus(name, e.state(), e.owner(), e.lastOwner(), e.frozen(),
                    t.since().getOrDefault(name, Instant.EPOCH), reason));
            }
        }
        return out;
    }

    @Override
    public List<ServiceDecision> decisions() {
        Wire.TableMessage t = lastTable;
        return t == null ? List.of() : t.decisions();
    }

    @Override
    public boolean isLocked() {
        Wire.TableMessage t = lastTable;
        return t != null && t.table().locked();
    }

    @Override
    public void setLocked(boolean locked) {
        OperatorRequest req = OperatorRequest.of(locked ? OperatorVerb.LOCK : OperatorVerb.UNLOCK, "");
        Coordinator.Outcome o = ask(req).join();
        if (!o.outcome().accepted()) {
            throw new IllegalStateException(o.outcome().message());
        }
    }

    @Override
    public CompletableFuture<ServiceOperationResult> perform(ServiceVerb verb, String service, Optional<String> member) {
        CompletableFuture<ServiceOperationResult> out = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                out.complete(performNow(verb, service, member));
            } catch (RuntimeException e) {
                out.complete(new ServiceOperationResult(false, Optional.empty(), e.getMessage()));
            }
        });
        return out;
    }

    private ServiceOperationResult performNow(ServiceVerb verb, String service, Optional<String> member) {
        Optional<ClusterConfiguration> cfg = configStore.current();
        if (cfg.isEmpty()) {
            return fail("no cluster configuration is loaded on " + local);
        }
        if (cfg.get().resourceManager().service(service).isEmpty()) {
            List<String> known = cfg.get().resourceManager().services().stream().map(s -> s.name()).toList();
            return fail("no service named '" + service + "' in the configuration (services: "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        if (member.isPresent() && cfg.get().node(member.get()).isEmpty()) {
            return fail("no node named '" + member.get() + "' in the configuration");
        }
        if (verb == ServiceVerb.MIGRATE && member.isEmpty()) {
            return fail("migrate needs a target member (-m NODE)");
        }
        if (!quorum.isQuorate()) {
            return fail("no quorum (" + quorum.state().reason() + "): the service manager takes no action");
        }
        Optional<String> ownerBefore = entry(service).flatMap(ServiceEntry::owner);
        OperatorRequest req;
        try {
            req = new OperatorRequest(OperatorVerb.of(verb), service, member);
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        Coordinator.Outcome o;
        try {
            o = ask(req).get(REQUEST_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            return fail("the coordinator " + membership.currentView().coordinator().name() + " did not answer: " + e);
        }
        if (!o.outcome().accepted()) {
            return new ServiceOperationResult(false, entry(service).flatMap(ServiceEntry::owner), o.outcome().message());
        }
        return awaitResult(verb, service, member, ownerBefore, o);
    }

    private CompletableFuture<Coordinator.Outcome> ask(OperatorRequest req) {
        String coord = membership.currentView().coordinator().name();
        if (coord.equals(local)) {
            return coordinator.submit(req);
        }
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        CompletableFuture<Coordinator.Outcome> f = new CompletableFuture<>();
        outcomes.put(id, f);
        ObjectNode msg = Wire.message("request");
        msg.put("id", id);
        msg.put("verb", req.verb().name());
        msg.put("service", req.service());
        req.member().ifPresent(m -> msg.put("member", m));
        try {
            deliver(coord, msg);
        } catch (RuntimeException e) {
            outcomes.remove(id);
            f.completeExceptionally(e);
        }
        return f.orTimeout(REQUEST_WAIT.toSeconds(), TimeUnit.SECONDS).whenComplete((x, e) -> outcomes.remove(id));
    }

    private Optional<ServiceEntry> entry(String service) {
        Wire.TableMessage t = lastTable;
        return t == null ? Optional.empty() : Optional.ofNullable(t.table().services().get(service));
    }

    private ServiceOperationResult awaitResult(ServiceVerb verb, String service, Optional<String> member,
                                               Optional<String> ownerBefore, Coordinator.Outcome accepted) {
        long deadline = System.nanoTime() + OPERATION_WAIT.toNanos();
        boolean needsLaterTable = verb == ServiceVerb.RESTART || verb == ServiceVerb.RELOCATE || verb == ServiceVerb.MIGRATE;
        synchronized (tableMonitor) {
            while (true) {
                Wire.TableMessage t = lastTable;
                ServiceEntry e = t == null ? null : t.table().services().get(service);
                boolean fresh = t != null && (needsLaterTable ? t.seq() > accepted.seq() : t.seq() >= accepted.seq());
                if (e != null && fresh) {
                    ServiceOperationResult r = judge(verb, e, member, ownerBefore, accepted.outcome().message());
                    if (r != null) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new ServiceOperationResult(false, e == null ? Optional.empty() : e.owner(),
                        "timed out after " + OPERATION_WAIT.toSeconds() + " s: service:" + service + " is "
                        + (e == null ? "unknown" : describe(e)));
                }
                try {
                    tableMonitor.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return fail("interrupted while waiting for service:" + service);
                }
            }
        }
    }

    /** @return the result once the entry shows it, else null (keep waiting) */
    private static ServiceOperationResult judge(ServiceVerb verb, ServiceEntry e, Optional<String> member,
                                                Optional<String> ownerBefore, String acceptedMessage) {
        String name = "service:" + e.name();
        switch (verb) {
            case ENABLE, RELOCATE, RESTART, MIGRATE -> {
                if (e.state() == ServiceState.FAILED || e.state() == ServiceState.DISABLED) {
                    return new ServiceOperationResult(false, e.owner(), name + " is " + describe(e));
                }
                if (e.state() != ServiceState.STARTED) {
                    return null;
                }
                String owner = e.owner().orElse("?");
                if (member.isPresent() && !member.get().equals(owner)) {
                    return new ServiceOperationResult(false, e.owner(), name + " is running on " + owner + ", not on "
                        + member.get() + ": " + e.reason());
                }
                if (verb == ServiceVerb.RELOCATE && member.isEmpty() && ownerBefore.isPresent()
                    && ownerBefore.get().equals(owner) && !acceptedMessage.contains("in place")) {
                    return null;
                }
                return new ServiceOperationResult(true, e.owner(), name + " is now running on " + owner);
            }
            case DISABLE -> {
                return e.state() == ServiceState.DISABLED
                    ? new ServiceOperationResult(true, Optional.empty(), name + " is disabled") : null;
            }
            case STOP -> {
                if (e.state() == ServiceState.STOPPED) {
                    return new ServiceOperationResult(true, Optional.empty(), name + " is stopped");
                }
                return e.state() == ServiceState.FAILED
                    ? new ServiceOperationResult(false, e.owner(), name + " is " + describe(e)) : null;
            }
            case FREEZE -> {
                return e.frozen() ? new ServiceOperationResult(true, e.owner(), name + " is frozen") : null;
            }
            case UNFREEZE -> {
                return !e.frozen() ? new ServiceOperationResult(true, e.owner(), name + " is unfrozen") : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static String describe(ServiceEntry e) {
        return e.state().name().toLowerCase() + e.owner().map(o -> " on " + o).orElse("")
            + (e.reason().isEmpty() ? "" : ": " + e.reason());
    }

    private static ServiceOperationResult fail(String message) {
        return new ServiceOperationResult(false, Optional.empty(), message);
    }
}
