package org.vigil.fence.daemon;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.Secrets;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceDeviceInfo;
import org.vigil.api.fence.FenceListener;
import org.vigil.api.fence.FenceOutcome;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.FencingInProgress;
import org.vigil.api.fence.FencingService;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipListener;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeState;
import org.vigil.api.membership.NodeStatus;
import org.vigil.api.messaging.ClusterMessage;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.MessageHandler;
import org.vigil.api.quorum.QuorumListener;
import org.vigil.api.quorum.QuorumService;
import org.vigil.api.quorum.QuorumState;

/**
 * The fencing daemon (RHCS fenced, Pacemaker's fencer). Every member tracks the nodes lost and
 * not yet fenced from the views it sees ({@link FenceTargets}); the coordinator of a quorate
 * view fences them ({@link FenceJob}, {@link FenceRound}) after post_fail_delay, level by level,
 * retrying with back-off until a level succeeds or an operator acknowledges; outcomes are
 * broadcast so every member knows which nodes are safely fenced, and kept in a history file.
 * When the cluster first becomes quorate, configured nodes that have not joined within
 * post_join_delay are fenced too (startup fencing), and this node unfences itself where its
 * {@code <unfence>} says so.
 *
 * <p>All decisions run on one thread ({@code vigil-fenced}); jobs and agents on others.
 */
@Component(service = {FencingService.class, MembershipListener.class, QuorumListener.class, MessageHandler.class},
    property = MessageHandler.TOPIC_PROPERTY + "=" + FenceMessage.TOPIC, configurationPid = FenceSettings.PID,
    immediate = true)
public final class FenceDaemon implements FencingService, MembershipListener, QuorumListener, MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FenceDaemon.class);
    /** The reason the membership gives a node that said it was leaving (a clean shutdown). */
    static final String CLEAN_LEAVE_REASON = "left the cluster";
    static final String ACK_DEVICE = "manual acknowledgement";
    /** Failed rounds recorded in the history one by one; later ones every 10th or on a new reason. */
    static final int RECORD_EVERY_ROUND = 10;
    /** Outcomes a node joining (or whose messaging just came up) gets from an older member. */
    static final int STATE_HISTORY = 50;
    /** Messages kept while messaging is not up yet, sent once it is. */
    static final int UNSENT_LIMIT = 100;

    @Reference
    volatile ClusterConfigStore configStore;

    private volatile MembershipService membership;
    private volatile QuorumService quorum;
    private volatile ClusterMessaging messaging;

    private final Agents agents = new Agents();
    private final List<FenceListener> listeners = new CopyOnWriteArrayList<>();

    private volatile FenceSettings settings;
    private volatile FenceHistory history;
    private volatile ScheduledExecutorService decider;
    private volatile ExecutorService workers;

    // ---- state: changed on the decider thread only ----
    private MembershipView lastView;
    private final Map<String, Instant> pending = new TreeMap<>();
    private final Set<String> fenced = new TreeSet<>();
    private final Map<String, FenceJob> jobs = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Jobs called off (or that ended on their own) whose thread has not yet reported its end: no
     * new job starts for their node until then, as their last round may still be switching it off
     * and its outcome ({@code fenced}) is queued before its end ({@code ended}).
     */
    private final Map<String, FenceJob> stopping = new HashMap<>();
    private final Map<String, Remote> remote = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> lastRecordedFailure = new HashMap<>();
    private final Set<String> needAckLogged = new HashSet<>();
    private final List<FenceMessage> unsent = new ArrayList<>();
    /** Members fenced on request, and when: safe if they leave the view within {@link #FENCED_MEMBER_WINDOW}. */
    private final Map<String, Instant> fencedMembers = new HashMap<>();
    static final Duration FENCED_MEMBER_WINDOW = Duration.ofMinutes(2);
    private boolean everQuorate;
    private boolean startupDue;
    /** When the startup check is due, until it has run (kept by every member, run by the coordinator). */
    private volatile Instant startupCheckAt;
    private boolean startupScheduled;
    private boolean unfenced;
    private boolean synced;

    /** What is published for other threads. */
    private record Snapshot(Map<String, Instant> pending, Set<String> fenced, String coordinator, boolean acting,
                            long generation, String why) {
    }

    /** The last failed round another node reported for a pending node. */
    private record Remote(String by, int attempts, boolean needsOperator, String message) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Set.of(), "", false, -1, "not started");

    /** For Declarative Services. */
    public FenceDaemon() {
    }

    /**
     * A daemon outside OSGi (tests, the harness): call {@link #start()} and {@link #stop()}.
     *
     * @param configStore the configuration
     * @param membership  membership (may be null)
     * @param quorum      quorum (may be null)
     * @param messaging   messaging (may be null)
     * @param settings    node-local settings
     * @return the daemon, not started
     */
    static FenceDaemon create(ClusterConfigStore configStore, MembershipService membership, QuorumService quorum,
                              ClusterMessaging messaging, FenceSettings settings) {
        FenceDaemon d = new FenceDaemon();
        d.configStore = configStore;
        d.membership = membership;
        d.quorum = quorum;
        d.messaging = messaging;
        d.settings = settings;
        return d;
    }

    // ---------------------------------------------------------------- lifecycle and references

    @Activate
    void activate(Map<String, Object> properties) {
        settings = FenceSettings.from(properties);
        start();
    }

    /** Starts the threads, loads the history and looks at the current view. */
    void start() {
        history = new FenceHistory(settings.historySize(), settings.historyFile());
        AtomicInteger n = new AtomicInteger();
        decider = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "vigil-fenced"));
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vigil-fence-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LOG.info("Fencing daemon started (action timeout {}, retries {} doubling to {}, history {})",
            FenceRound.seconds(settings.actionTimeout()), FenceRound.seconds(settings.backoff().initial()),
            FenceRound.seconds(settings.backoff().max()),
            settings.historyFile() == null ? "in memory" : settings.historyFile());
        onDecider(this::evaluate);
    }

    @Deactivate
    void stop() {
        ScheduledExecutorService d = decider;
        if (d != null) {
            try {
                d.submit(() -> jobs.values().forEach(FenceJob::cancel)).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                LOG.debug("stopping: {}", e.toString());
            }
            d.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        agents.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setMembership(MembershipService m) {
        membership = m;
        onDecider(this::evaluate);
    }

    void unsetMembership(MembershipService m) {
        if (membership == m) {
            membership = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setQuorum(QuorumService q) {
        quorum = q;
        onDecider(this::evaluate);
    }

    void unsetQuorum(QuorumService q) {
        if (quorum == q) {
            quorum = null;
        }
        onDecider(this::evaluate);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setMessaging(ClusterMessaging m) {
        messaging = m;
        onDecider(() -> {
            synced = false;
            List<FenceMessage> queued = List.copyOf(unsent);
            unsent.clear();
            queued.forEach(this::broadcast);
            evaluate();
        });
    }

    void unsetMessaging(ClusterMessaging m) {
        if (messaging == m) {
            messaging = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    void addAgent(FenceAgent agent, Map<String, Object> properties) {
        Object type = properties.get(FenceAgent.TYPE_PROPERTY);
        agents.add(agent, type != null ? type.toString() : agent.metadata().type());
    }

    void removeAgent(FenceAgent agent) {
        agents.remove(agent);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    void addListener(FenceListener l) {
        listeners.add(l);
    }

    void removeListener(FenceListener l) {
        listeners.remove(l);
    }

    private void onDecider(Runnable r) {
        ScheduledExecutorService d = decider;
        if (d == null) {
            return;
        }
        try {
            d.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    LOG.error("Fencing daemon error", e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // deactivated
        }
    }

    @Override
    public void viewChanged(MembershipView previous, MembershipView current) {
        // each view in turn: a node that was a member only briefly is still seen lost
        onDecider(() -> evaluate(current));
    }

    @Override
    public void quorumChanged(QuorumState previous, QuorumState current) {
        onDecider(this::evaluate);
    }

    // ---------------------------------------------------------------- deciding

    private String localName() {
        MembershipService m = membership;
        if (m != null) {
            return m.localNode().name();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "this node";
        }
    }

    /** @return whether the view is quorate by a quorum state computed for that very view */
    private boolean quorate(MembershipView view) {
        QuorumService q = quorum;
        if (q == null) {
            return false;
        }
        QuorumState s = q.state();
        return s.quorate() && s.viewGeneration() == view.generation();
    }

    /**
     * Whether this node may fence now: it was the coordinator of a quorate view when the decisions
     * were last made, and the quorum is still for that very view and quorate. Jobs check it before
     * every step; the same test the decisions use, so a job that stops is not restarted at once.
     *
     * @return null when it may, else why not
     */
    private String notEntitled() {
        Snapshot s = snapshot;
        MembershipService m = membership;
        if (m == null || !m.isJoined()) {
            return "this node is not in a cluster";
        }
        if (!s.acting()) {
            return s.why().isEmpty() ? "this node is not the coordinator of a quorate view" : s.why();
        }
        QuorumService q = quorum;
        if (q == null) {
            return "the quorum service is not running";
        }
        QuorumState st = q.state();
        if (!st.quorate()) {
            return "this partition lost quorum (" + st.reason() + ")";
        }
        if (st.viewGeneration() != s.generation()) {
            return "the view changed (generation " + st.viewGeneration() + ")";
        }
        return null;
    }

    private static Set<String> names(MembershipView v) {
        return v.members().stream().map(ClusterNode::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Runs the decision again on the last view seen. Decider thread. */
    private void evaluate() {
        evaluate(null);
    }

    /**
     * Runs the decision on a view (the last one seen when null) and the quorum, and starts or
     * stops jobs. Views are taken in generation order; an older one is ignored. Decider thread.
     */
    private void evaluate(MembershipView next) {
        MembershipService m = membership;
        Optional<ClusterConfiguration> config = configStore.current();
        if (m == null || !m.isJoined() || config.isEmpty()) {
            publish(null, false, m == null || !m.isJoined() ? "this node is not in a cluster" : "no cluster configuration");
            return;
        }
        ClusterConfiguration c = config.get();
        MembershipView view = next != null ? next : lastView != null ? lastView : m.currentView();
        if (lastView != null && view.generation() < lastView.generation()) {
            return;
        }
        boolean q = quorate(view);
        Set<String> current = names(view);
        Set<String> previous = lastView == null ? current : names(lastView);
        Set<String> left = new TreeSet<>(previous);
        left.removeAll(current);
        Set<String> clean = new TreeSet<>();
        if (!left.isEmpty()) {
            for (NodeStatus s : m.nodes()) {
                if (left.contains(s.node().name()) && s.state() == NodeState.DEAD
                    && CLEAN_LEAVE_REASON.equals(s.reason())) {
                    clean.add(s.node().name());
                }
            }
        }
        Set<String> configured = c.nodes().stream().map(NodeDefinition::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> withoutMethods = configured.stream().filter(n -> c.fenceMethods(n).isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
        String local = view.local().name();
        Instant now = Instant.now();
        Set<String> fencedBefore = new TreeSet<>(fenced);
        fencedMembers.entrySet().removeIf(e -> e.getValue().plus(FENCED_MEMBER_WINDOW).isBefore(now));
        for (String n : left) {
            if (fencedMembers.remove(n) != null) {
                fencedBefore.add(n);
            }
        }
        FenceTargets.Decision d = FenceTargets.decide(new FenceTargets.Input(previous, current,
            view.coordinator().name(), local, q, configured, withoutMethods, fencedBefore, pending.keySet(), clean,
            startupDue));
        boolean acting = q && view.isLocalCoordinator();
        if (startupDue && acting) {
            startupDue = false;
            if (startupCheckAt != null) {
                broadcast(new FenceMessage.StartupCheck(startupCheckAt, true));
                startupCheckAt = null;
            }
        } else if (acting && startupCheckAt != null && !startupScheduled) {
            // the coordinator that scheduled the startup check is gone before it ran: this one runs it
            LOG.info("The startup check (due {}) was not run by the previous coordinator: {} runs it", startupCheckAt, local);
            scheduleStartupCheck(startupCheckAt);
        }
        Map<String, String> reasons = reasons(m, d.lost());
        for (String n : d.lost()) {
            pending.put(n, now);
            needAckLogged.remove(n);
            lastRecordedFailure.remove(n);
            remote.remove(n);
            boolean startup = !left.contains(n);
            LOG.warn("Node {} is lost ({}): it must be fenced before its work is recovered{}", n,
                startup ? "it has not joined within post_join_delay after the cluster became quorate (startup fencing)"
                    : reasons.getOrDefault(n, "left the view"),
                acting ? "" : q ? "; the coordinator " + view.coordinator().name() + " fences it"
                    : "; only the coordinator of a quorate view fences");
            if (startup) {
                broadcast(new FenceMessage.Lost(n, now));
            }
        }
        for (String n : d.leftCleanly()) {
            LOG.info("Node {} left the cluster cleanly: it is not fenced", n);
        }
        for (String n : d.rejoined()) {
            if (pending.containsKey(n)) {
                LOG.info("Node {} rejoined the cluster before it was fenced: it is not fenced", n);
            }
        }
        pending.keySet().retainAll(d.pending());
        fenced.clear();
        fenced.addAll(d.fenced());
        for (String n : d.needAck()) {
            if (needAckLogged.add(n)) {
                LOG.error("Node {} has no fence methods in cluster.conf: it can never be fenced automatically, and its"
                    + " work stays blocked until an operator runs fence:ack {} after making sure {} is powered off",
                    n, n, n);
            }
        }
        lastView = view;
        publish(view, acting, d.why());
        // jobs (after publishing: a job checks the published decision before each step)
        for (String n : List.copyOf(jobs.keySet())) {
            FenceJob j = jobs.get(n);
            if (j.isCancelled()) {
                // it ended on its own: what it reports (fenced, a failed round) is queued before its end,
                // so a new job for the node is only considered once ended() has run
                callOff(n);
            } else if (!d.fenceNow().contains(n)) {
                callOff(n);
                LOG.info("Stopped fencing {}: {}", n, d.rejoined().contains(n) ? "it rejoined"
                    : !d.pending().contains(n) ? "it is no longer waiting to be fenced" : d.why());
            }
        }
        FenceSettings.Cluster cs = FenceSettings.Cluster.from(c);
        for (String n : d.fenceNow()) {
            // (a node fenced since it was lost is never in fenceNow: FenceTargets keeps it out of pending)
            if (stopping.containsKey(n)) {
                LOG.debug("Fencing {} waits for the end of its previous job", n);
            } else if (!jobs.containsKey(n)) {
                FenceJob j = new FenceJob(n, pending.get(n), cs.postFailDelay(), settings.backoff(), jobOwner());
                jobs.put(n, j);
                LOG.info("Fencing node {} (this node {} is the coordinator of a quorate view)", n, local);
                workers.execute(j);
            }
        }

        if (q && !everQuorate) {
            everQuorate = true;
            cs.problems().forEach(p -> LOG.warn("cluster.conf: {}", p));
            if (view.isLocalCoordinator()) {
                if (cs.cleanStart()) {
                    LOG.info("The cluster is quorate: clean_start=\"1\", so nodes that have not joined are not fenced");
                } else {
                    LOG.info("The cluster is quorate: configured nodes that have not joined within post_join_delay ({})"
                        + " will be fenced", FenceRound.seconds(cs.postJoinDelay()));
                    startupCheckAt = now.plus(cs.postJoinDelay());
                    broadcast(new FenceMessage.StartupCheck(startupCheckAt, false));
                    scheduleStartupCheck(startupCheckAt);
                }
            }
            unfenceSelf(c, local);
        }
        if (!synced && messaging != null && view.members().size() > 1) {
            synced = true;
            requestState(view);
        }
    }

    private void scheduleStartupCheck(Instant due) {
        startupScheduled = true;
        long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
        decider.schedule(() -> onDecider(() -> {
            startupDue = true;
            evaluate();
        }), delay, TimeUnit.MILLISECONDS);
    }

    private static Map<String, String> reasons(MembershipService m, Set<String> nodes) {
        Map<String, String> r = new HashMap<>();
        if (!nodes.isEmpty()) {
            for (NodeStatus s : m.nodes()) {
                if (nodes.contains(s.node().name()) && !s.reason().isBlank()) {
                    r.put(s.node().name(), s.reason());
                }
            }
        }
        return r;
    }

    private void publish(MembershipView view, boolean acting, String why) {
        snapshot = new Snapshot(Map.copyOf(pending), Set.copyOf(fenced),
            view == null || !quorate(view) ? "" : view.coordinator().name(), acting,
            view == null ? -1 : view.generation(), why);
    }

    // ---------------------------------------------------------------- jobs

    private DeviceResolver resolver(ClusterConfiguration c) {
        return new DeviceResolver(c, agents.types(), localName(), settings.actionTimeout());
    }

    private FenceJob.Owner jobOwner() {
        return new FenceJob.Owner() {
            @Override
            public List<Level> levels(String node) {
                return configStore.current().map(c -> resolver(c).levels(node, FenceJob.automaticAction()))
                    .orElse(List.of());
            }

            @Override
            public FenceRound.Calls calls(FenceJob job) {
                return roundCalls(job.node(), job::stillWanted, job::sleep, job::status);
            }

            @Override
            public void roundFailed(FenceJob job, FenceRound.Result r) {
                String node = job.node();
                if (r.needsOperator() || r.message().contains("waiting for an operator")) {
                    LOG.warn("Fencing {} needs an operator: run fence:ack {} after making sure {} is powered off", node,
                        node, node);
                }
                if (!r.needsOperator()) {
                    LOG.warn("Fencing {} failed (round {}): {}; retrying in {}", node, job.attempts(), r.message(),
                        FenceRound.seconds(settings.backoff().after(job.attempts())));
                }
                onDecider(() -> {
                    // every failed round is recorded for the first rounds, then only every 10th round or when
                    // the reason changes, so a long wait does not push everything else out of the history
                    if (!job.isCancelled() && (job.attempts() <= RECORD_EVERY_ROUND || job.attempts() % 10 == 0
                        || !r.message().equals(lastRecordedFailure.get(node)))) {
                        lastRecordedFailure.put(node, r.message());
                        record(new FenceOutcome(node, r.action(), false, r.device(), localName(), Instant.now(),
                            r.message()), job.attempts(), r.needsOperator(), true);
                    }
                });
            }

            @Override
            public void fenced(FenceJob job, FenceRound.Result r) {
                FenceOutcome o = new FenceOutcome(job.node(), r.action(), true, r.device(), localName(), Instant.now(),
                    r.message());
                onDecider(() -> safe(o, job.attempts(), true));
            }

            @Override
            public String notEntitled() {
                return FenceDaemon.this.notEntitled();
            }

            @Override
            public void note(boolean warn, String line) {
                log(warn, line);
            }

            @Override
            public void ended(FenceJob job) {
                // queued after what the job reported (fenced, roundFailed), so those are already taken
                onDecider(() -> {
                    boolean running = jobs.remove(job.node(), job);
                    boolean stopped = stopping.remove(job.node(), job);
                    if (running || stopped) {
                        evaluate();
                    }
                });
            }
        };
    }

    private static void log(boolean warn, String line) {
        if (warn) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }

    private FenceRound.Calls roundCalls(String node, java.util.function.BooleanSupplier wanted,
                                        java.util.function.Predicate<Duration> sleeper,
                                        java.util.function.Consumer<String> status) {
        return new FenceRound.Calls() {
            @Override
            public FenceResult call(DeviceStep step, FenceAction action) {
                status.accept(Agents.name(action) + " " + step.label());
                FenceResult r = agents.call(step, action);
                if (!r.success()) {
                    LOG.warn("Fencing {}: device {} {} failed: {}", node, step.label(), Agents.name(action), r.message());
                } else if (action == FenceAction.STATUS) {
                    LOG.info("Fencing {}: device {} status: {}", node, step.label(), r.power());
                } else {
                    LOG.info("Fencing {}: device {} {}: success: {}", node, step.label(), Agents.name(action),
                        r.message());
                }
                return r;
            }

            @Override
            public Set<FenceAction> actions(DeviceStep step) {
                return agents.actions(step);
            }

            @Override
            public boolean pause(Duration duration, String why) {
                status.accept("waiting the " + why + " (" + FenceRound.seconds(duration) + ")");
                return sleeper.test(duration);
            }

            @Override
            public boolean stillWanted() {
                return wanted.getAsBoolean();
            }

            @Override
            public void note(boolean warn, String line) {
                log(warn, line);
            }
        };
    }

    /**
     * Calls off the job fencing a node, if any; it stays known (in {@link #stopping}) until its
     * thread ends, so no second job fences the node meanwhile. Decider thread.
     */
    private void callOff(String node) {
        FenceJob j = jobs.remove(node);
        if (j != null) {
            j.cancel();
            stopping.put(node, j);
        }
    }

    /** A node is safe (fenced, acknowledged): decider thread. */
    private void safe(FenceOutcome o, int attempts, boolean local) {
        String node = o.node();
        callOff(node);
        boolean wasPending = pending.remove(node) != null;
        boolean newlySafe;
        if (lastView != null && lastView.contains(node)) {
            // fenced on request while still a member: it counts once it leaves the view soon after
            newlySafe = fencedMembers.put(node, Instant.now()) == null;
        } else {
            newlySafe = fenced.add(node);
        }
        remote.remove(node);
        lastRecordedFailure.remove(node);
        if (ACK_DEVICE.equals(o.device())) {
            LOG.warn("Node {} is acknowledged as fenced by an operator on {}{}", node, o.by(),
                wasPending ? "" : " (it was not waiting to be fenced)");
        } else {
            LOG.info("Node {} is fenced: {} (by {})", node, o.message(), o.by());
        }
        if (!record(o, attempts, false, local) && newlySafe) {
            // the outcome was already in the history (learnt with a State reply while the node was still
            // in this member's view): the listeners have not been told yet that it is safe
            tell(o);
        }
        MembershipService m = membership;
        publish(m == null || !m.isJoined() ? null : lastView, snapshot.acting(), snapshot.why());
    }

    /**
     * Keeps an outcome, tells the listeners and, when it is ours, the other nodes. Decider thread.
     *
     * @return false when it came from another node and was already known (nothing done)
     */
    private boolean record(FenceOutcome o, int attempts, boolean needsOperator, boolean local) {
        if (!local && history.contains(o)) {
            return false;
        }
        history.add(o);
        tell(o);
        if (local) {
            broadcast(new FenceMessage.Outcome(o, attempts, needsOperator));
        }
        return true;
    }

    private void tell(FenceOutcome o) {
        for (FenceListener l : listeners) {
            try {
                l.fenced(o);
            } catch (RuntimeException e) {
                LOG.error("Fence listener {} failed", l, e);
            }
        }
    }

    private void broadcast(FenceMessage message) {
        ClusterMessaging m = messaging;
        if (m == null) {
            // messaging comes up after membership: keep it for then
            if (unsent.size() < UNSENT_LIMIT) {
                unsent.add(message);
            }
            return;
        }
        try {
            m.broadcast(FenceMessage.TOPIC, FenceMessage.encode(message));
        } catch (RuntimeException e) {
            LOG.warn("Cannot tell the other nodes about fencing: {}", e.toString());
        }
    }

    private void unfenceSelf(ClusterConfiguration c, String local) {
        if (unfenced) {
            return;
        }
        unfenced = true;
        List<DeviceStep> steps = resolver(c).unfence(local);
        if (steps.isEmpty()) {
            return;
        }
        workers.execute(() -> {
            for (DeviceStep s : steps) {
                if (s.problem() != null || !s.route().installed()) {
                    LOG.error("Unfencing {} with {} impossible: {}", local, s.label(),
                        s.problem() != null ? s.problem() : "agent missing: " + s.route().note());
                    continue;
                }
                LOG.info("Unfencing {}: {} on", local, s.label());
                FenceResult r = agents.call(s, FenceAction.ON);
                if (r.success()) {
                    LOG.info("Unfencing {}: {} on: success: {}", local, s.label(), r.message());
                } else {
                    LOG.error("Unfencing {}: {} on failed: {}", local, s.label(), r.message());
                }
            }
        });
    }

    // ---------------------------------------------------------------- messages

    private void requestState(MembershipView view) {
        ClusterMessaging m = messaging;
        Optional<ClusterNode> from = view.members().stream().filter(n -> !n.equals(view.local())).findFirst();
        if (m == null || from.isEmpty()) {
            return;
        }
        String target = from.get().name();
        workers.execute(() -> {
            for (int attempt = 1; attempt <= 5; attempt++) {
                try {
                    byte[] reply = m.request(target, FenceMessage.TOPIC, FenceMessage.encode(new FenceMessage.StateRequest()),
                        Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
                    FenceMessage.State s = (FenceMessage.State) FenceMessage.decode(reply);
                    onDecider(() -> merge(s, target));
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    LOG.debug("Asking {} for the fencing state failed (attempt {}): {}", target, attempt, e.toString());
                    try {
                        Thread.sleep(1000L * attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            LOG.warn("Could not learn from {} which lost nodes are still to be fenced", target);
        });
    }

    private void merge(FenceMessage.State s, String from) {
        MembershipService m = membership;
        if (m == null) {
            return;
        }
        Set<String> current = names(lastView != null ? lastView : m.currentView());
        Set<String> newlyFenced = new TreeSet<>();
        for (String n : s.fenced()) {
            if (!current.contains(n)) {
                if (pending.remove(n) != null) {
                    callOff(n);
                    LOG.info("Node {} is fenced (learnt from {})", n, from);
                }
                if (fenced.add(n)) {
                    newlyFenced.add(n);
                }
            }
        }
        for (FenceOutcome o : history.merge(s.history())) {
            if (newlyFenced.contains(o.node()) && o.success()) {
                tell(o);
            }
        }
        s.pending().forEach((n, at) -> {
            if (!current.contains(n) && !fenced.contains(n) && !pending.containsKey(n)) {
                pending.put(n, at);
                LOG.warn("Node {} is lost and not yet fenced (learnt from {})", n, from);
            }
        });
        evaluate();
    }

    @Override
    public byte[] onMessage(ClusterMessage message) throws Exception {
        FenceMessage msg = FenceMessage.decode(message.payload());
        if (msg instanceof FenceMessage.StateRequest) {
            Snapshot s = snapshot;
            List<FenceOutcome> h = history();
            return FenceMessage.encode(new FenceMessage.State(s.pending(), s.fenced(),
                h.subList(Math.max(0, h.size() - STATE_HISTORY), h.size())));
        }
        MembershipService m = membership;
        if (m != null && message.from().equals(m.localNode().name())) {
            return null;
        }
        if (msg instanceof FenceMessage.Outcome o) {
            onDecider(() -> {
                if (o.outcome().success()) {
                    if (!fenced.contains(o.outcome().node()) || pending.containsKey(o.outcome().node())) {
                        safe(o.outcome(), o.attempts(), false);
                    } else {
                        record(o.outcome(), o.attempts(), false, false);
                    }
                } else {
                    remote.put(o.outcome().node(), new Remote(message.from(), o.attempts(), o.needsOperator(),
                        o.outcome().message()));
                    record(o.outcome(), o.attempts(), o.needsOperator(), false);
                }
            });
        } else if (msg instanceof FenceMessage.StartupCheck sc) {
            onDecider(() -> {
                if (sc.done()) {
                    startupCheckAt = null;
                } else if (startupCheckAt == null) {
                    startupCheckAt = sc.due();
                }
            });
        } else if (msg instanceof FenceMessage.Lost l) {
            onDecider(() -> {
                MembershipService ms = membership;
                if (ms != null && !ms.currentView().contains(l.node()) && !fenced.contains(l.node())
                    && !pending.containsKey(l.node())) {
                    pending.put(l.node(), l.lostAt());
                    LOG.warn("Node {} is lost: it has not joined within post_join_delay (startup fencing by {})",
                        l.node(), message.from());
                    evaluate();
                }
            });
        }
        return null;
    }

    // ---------------------------------------------------------------- FencingService

    private ClusterConfiguration requireConfig() {
        return configStore.current().orElseThrow(() -> new IllegalStateException("no cluster configuration: "
            + configStore.location() + " was refused: " + configStore.problems()));
    }

    private void requireNode(ClusterConfiguration c, String node) {
        if (node == null || c.node(node).isEmpty()) {
            throw new IllegalArgumentException("no node named '" + node + "' in " + configStore.location() + " (nodes: "
                + c.nodes().stream().map(NodeDefinition::name).collect(Collectors.joining(", ")) + ")");
        }
    }

    @Override
    public CompletableFuture<FenceOutcome> fence(String node, FenceAction action) {
        ClusterConfiguration c = requireConfig();
        requireNode(c, node);
        if (action != FenceAction.OFF && action != FenceAction.REBOOT) {
            throw new IllegalArgumentException("a node is fenced with off or reboot, not " + action);
        }
        String why = notEntitled();
        if (why != null && membership != null && membership.isJoined()) {
            LOG.warn("Fencing {} on an operator's request although {}", node, why);
        }
        LOG.info("Fencing {} ({}) on request", node, Agents.name(action));
        CompletableFuture<FenceOutcome> result = new CompletableFuture<>();
        workers.execute(() -> {
            try {
                List<Level> levels = resolver(c).levels(node, action);
                FenceRound.Result r = FenceRound.run(node, levels, true, roundCalls(node, () -> true,
                    d -> {
                        try {
                            Thread.sleep(d.toMillis());
                            return true;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }, s -> { }));
                FenceOutcome o = new FenceOutcome(node, r.action(), r.success(), r.device(), localName(), Instant.now(),
                    r.message());
                if (r.success()) {
                    onDecider(() -> safe(o, 1, true));
                } else {
                    if (r.needsOperator()) {
                        LOG.warn("Fencing {} needs an operator: run fence:ack {} after making sure {} is powered off",
                            node, node, node);
                    }
                    LOG.warn("Fencing {} failed: {}", node, r.message());
                    onDecider(() -> record(o, 1, r.needsOperator(), true));
                }
                result.complete(o);
            } catch (RuntimeException e) {
                LOG.error("Fencing {} failed with an internal error", node, e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public boolean isSafelyFenced(String node) {
        return snapshot.fenced().contains(node);
    }

    @Override
    public void acknowledge(String node) {
        ClusterConfiguration c = requireConfig();
        requireNode(c, node);
        MembershipService m = membership;
        if (m != null && m.isJoined() && m.currentView().contains(node)) {
            throw new IllegalArgumentException(node + " is a member of the cluster now: there is nothing to acknowledge");
        }
        String by = localName();
        FenceOutcome o = new FenceOutcome(node, FenceAction.OFF, true, ACK_DEVICE, by, Instant.now(),
            "acknowledged by an operator on " + by + " (fence:ack): " + node + " is taken as powered off");
        CompletableFuture<Void> done = new CompletableFuture<>();
        onDecider(() -> {
            safe(o, 0, true);
            done.complete(null);
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the fencing daemon did not take the acknowledgement in time", e);
        }
    }

    @Override
    public List<FenceOutcome> history() {
        FenceHistory h = history;
        return h == null ? List.of() : h.list();
    }

    @Override
    public List<FencingInProgress> pending() {
        Snapshot s = snapshot;
        if (s.pending().isEmpty()) {
            return List.of();
        }
        Optional<ClusterConfiguration> c = configStore.current();
        Map<String, FenceJob> running = new HashMap<>(jobs);
        Map<String, Remote> rem = new HashMap<>(remote);
        List<FencingInProgress> out = new ArrayList<>();
        for (Map.Entry<String, Instant> e : new TreeMap<>(s.pending()).entrySet()) {
            String n = e.getKey();
            boolean operator = c.map(cc -> needsOperator(cc, n)).orElse(false);
            FenceJob j = running.get(n);
            Remote r = rem.get(n);
            String status;
            int attempts = 0;
            if (j != null) {
                status = j.status();
                attempts = j.attempts();
            } else if (r != null) {
                status = "fenced by " + r.by() + ", round " + r.attempts() + " failed: " + r.message();
                attempts = r.attempts();
                operator |= r.needsOperator();
            } else if (s.coordinator().isEmpty()) {
                status = "waiting: " + s.why();
            } else {
                status = "the coordinator " + s.coordinator() + " fences it";
            }
            if (c.map(cc -> cc.fenceMethods(n).isEmpty()).orElse(false)) {
                status = "it has no fence methods: only fence:ack " + n + " ends the wait";
            }
            out.add(new FencingInProgress(n, e.getValue(), s.coordinator(), attempts, operator, status));
        }
        return out;
    }

    /** @return true when every level of the node is manual (or it has none): only an operator can end it */
    private boolean needsOperator(ClusterConfiguration c, String node) {
        List<Level> levels = resolver(c).levels(node, FenceAction.REBOOT);
        return levels.isEmpty() || levels.stream().allMatch(l -> l.devices().stream().anyMatch(DeviceStep::manual));
    }

    @Override
    public List<FenceDeviceInfo> devices() {
        Optional<ClusterConfiguration> c = configStore.current();
        if (c.isEmpty()) {
            return List.of();
        }
        Set<String> types = agents.types();
        String local = localName();
        List<FenceDeviceInfo> out = new ArrayList<>();
        for (FenceDevice d : c.get().fenceDevices()) {
            AgentRouting.Route r = AgentRouting.route(d.agent(), types, local);
            out.add(new FenceDeviceInfo(d.name(), d.agent(), r.type(), r.installed(), Secrets.masked(d.parameters()),
                r.note()));
        }
        return out;
    }

    @Override
    public FenceResult execute(String device, FenceAction action, String plug) {
        if (action == FenceAction.OFF || action == FenceAction.REBOOT) {
            return FenceResult.failed(Agents.name(action) + " fences a node: use fence:node NODE (FencingService.fence)");
        }
        Optional<ClusterConfiguration> c = configStore.current();
        if (c.isEmpty()) {
            return FenceResult.failed("no cluster configuration: " + configStore.location() + " was refused");
        }
        Optional<DeviceStep> found = resolver(c.get()).device(device);
        if (found.isEmpty()) {
            return FenceResult.failed("no fence device named '" + device + "' in " + configStore.location());
        }
        DeviceStep s = found.get();
        if (plug != null && !plug.isBlank()) {
            s = new DeviceStep(s.device(), s.route(), s.parameters(), plug, action, s.delay(), s.timeout(), s.problem());
        }
        if (s.problem() != null) {
            return FenceResult.failed(s.problem());
        }
        if (!s.route().installed()) {
            return FenceResult.failed("agent missing: " + s.route().note());
        }
        return agents.call(s, action);
    }

    /** @return the installed agents by type (for tests and commands) */
    Map<String, FenceAgent> agents() {
        return agents.all();
    }

    /** @return a copy of the lost-not-fenced nodes (for tests) */
    Set<String> pendingNodes() {
        return new TreeSet<>(snapshot.pending().keySet());
    }

    /** @return the nodes this node is fencing now (for tests) */
    Set<String> jobsRunning() {
        return new TreeSet<>(jobs.keySet());
    }

    /** Waits until the decisions queued so far are made (for tests and the harness). */
    /** @return when the startup check is due, while it has not run (as this node knows it) */
    Optional<Instant> startupCheckDue() {
        return Optional.ofNullable(startupCheckAt);
    }

    void sync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onDecider(() -> f.complete(null));
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the fencing daemon is not deciding", e);
        }
    }
}
