package org.vigil.quorum;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipListener;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.quorum.QuorumDevice;
import org.vigil.api.quorum.QuorumDeviceVote;
import org.vigil.api.quorum.QuorumListener;
import org.vigil.api.quorum.QuorumService;
import org.vigil.api.quorum.QuorumState;

/**
 * The local node's quorum: recomputes the vote count ({@link QuorumCalculator}) on every new
 * membership view and every 100 ms (to follow the quorum device's vote and the
 * last_man_standing window), tells {@link QuorumListener} services about each change, one at a
 * time on its own thread, and logs each gain and loss of quorum.
 *
 * <p>Registers itself as a {@link MembershipListener} so the membership service calls it on
 * each view. Uses the {@link QuorumDevice} service named {@code "qdisk"} when the configuration
 * has a {@code <quorumd>}.
 */
@Component(service = {QuorumService.class, MembershipListener.class}, immediate = true)
public class QuorumServiceImpl implements QuorumService, MembershipListener {

    /** How often the state is recomputed without a view change (ms). */
    static final long TICK_MILLIS = 100;
    /** The name of the quorum disk device. */
    static final String QUORUM_DISK = "qdisk";

    private static final Logger LOG = LoggerFactory.getLogger(QuorumServiceImpl.class);

    @Reference
    MembershipService membership;

    @Reference
    ClusterConfigStore configStore;

    private final List<QuorumDevice> devices = new CopyOnWriteArrayList<>();
    private final List<QuorumListener> listeners = new CopyOnWriteArrayList<>();
    private final LongSupplier clockMillis;
    private volatile Executor listenerExecutor;
    private ExecutorService ownListenerThread;
    private volatile ScheduledExecutorService ticker;

    private volatile QuorumState state = notQuorate(0, 0, "not joined");

    // Touched only inside recompute(), which is synchronized.
    private QuorumMemory memory = QuorumMemory.INITIAL;
    private long configVersion = Long.MIN_VALUE;
    private Set<Integer> lastMembers;
    private long lastMembershipChange;
    private List<String> lastWarnings = List.of();

    /** For Declarative Services. */
    public QuorumServiceImpl() {
        this.clockMillis = () -> System.nanoTime() / 1_000_000;
    }

    private QuorumServiceImpl(MembershipService membership, ClusterConfigStore configStore, LongSupplier clockMillis,
                              Executor listenerExecutor) {
        this.membership = membership;
        this.configStore = configStore;
        this.clockMillis = clockMillis;
        this.listenerExecutor = listenerExecutor;
    }

    /**
     * A quorum service outside OSGi, for tests: nothing runs until {@link #start()} or
     * {@link #recompute()} is called.
     *
     * @param membership       the membership service
     * @param configStore      the configuration store
     * @param clockMillis      a monotonic clock in milliseconds (for the last_man_standing window)
     * @param listenerExecutor where listeners are called; null for a thread of its own
     * @return the service
     */
    static QuorumServiceImpl create(MembershipService membership, ClusterConfigStore configStore,
                                    LongSupplier clockMillis, Executor listenerExecutor) {
        return new QuorumServiceImpl(membership, configStore, clockMillis, listenerExecutor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDevice(QuorumDevice device) {
        devices.add(device);
        trigger();
    }

    void removeDevice(QuorumDevice device) {
        devices.remove(device);
        trigger();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(QuorumListener listener) {
        listeners.add(listener);
    }

    void removeListener(QuorumListener listener) {
        listeners.remove(listener);
    }

    @Activate
    void activate() {
        start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** Computes the state once, then again on each view and every {@value #TICK_MILLIS} ms. */
    synchronized void start() {
        if (listenerExecutor == null) {
            ownListenerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "vigil-quorum-listeners"));
            listenerExecutor = ownListenerThread;
        }
        recompute();
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "vigil-quorum"));
        t.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        ticker = t;
    }

    /** Stops the timer and the listener thread. */
    void stop() {
        ScheduledExecutorService t = ticker;
        ticker = null;
        if (t != null) {
            t.shutdownNow();
            awaitQuietly(t);
        }
        ExecutorService l = ownListenerThread;
        if (l != null) {
            l.shutdown();
            awaitQuietly(l);
            ownListenerThread = null;
            listenerExecutor = null;
        }
    }

    private static void awaitQuietly(ExecutorService e) {
        try {
            e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public QuorumState state() {
        return state;
    }

    @Override
    public void viewChanged(MembershipView previous, MembershipView current) {
        trigger();
    }

    private void trigger() {
        ScheduledExecutorService t = ticker;
        if (t != null) {
            try {
                t.execute(this::tick);
            } catch (RejectedExecutionException stopping) {
                // deactivated meanwhile: nothing left to compute
            }
        }
    }

    private void tick() {
        try {
            recompute();
        } catch (RuntimeException e) {
            LOG.error("Quorum computation failed", e);
        }
    }

    /** Computes the state now and publishes it if it changed. */
    synchronized void recompute() {
        publish(compute());
    }

    private QuorumState compute() {
        if (!membership.isJoined()) {
            return notQuorate(0, 0, "not joined");
        }
        MembershipView view = membership.currentView();
        Optional<ClusterConfiguration> current = configStore.current();
        if (current.isEmpty()) {
            List<ConfigProblem> problems = configStore.problems();
            String why = problems.isEmpty() ? configStore.location() + " could not be loaded"
                : problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
            return notQuorate(view.generation(), view.members().size(), "no cluster configuration: " + why);
        }
        ClusterConfiguration config = current.get();
        ClusterNode local = view.local();
        if (config.node(local.id()).isEmpty()) {
            return notQuorate(view.generation(), view.members().size(),
                "this node " + local + " is not in the cluster configuration " + config.name());
        }
        if (config.configVersion() != configVersion) {
            if (configVersion != Long.MIN_VALUE) {
                memory = memory.afterReconfiguration();
            }
            configVersion = config.configVersion();
        }
        long now = clockMillis.getAsLong();
        Set<Integer> members = view.members().stream().map(ClusterNode::id).collect(Collectors.toUnmodifiableSet());
        if (!members.equals(lastMembers)) {
            lastMembers = members;
            lastMembershipChange = now;
        }
        boolean windowElapsed = now - lastMembershipChange >= config.quorum().lastManStandingWindow().toMillis();
        List<NodeVotes> nodes = config.nodes().stream()
            .map(n -> new NodeVotes(n.nodeId(), n.name(), n.votes())).toList();
        Optional<DeviceInput> device = config.quorumDisk().map(this::deviceInput);

        QuorumResult result = QuorumCalculator.calculate(new QuorumInput(config.quorum(), nodes, members, local.id(),
            view.generation(), device, memory, windowElapsed));
        memory = result.memory();
        if (!result.warnings().equals(lastWarnings)) {
            lastWarnings = result.warnings();
            lastWarnings.forEach(w -> LOG.warn("Quorum configuration: {}", w));
        }
        return result.state();
    }

    private DeviceInput deviceInput(QuorumDiskSettings disk) {
        for (QuorumDevice d : devices) {
            if (QUORUM_DISK.equals(d.name())) {
                QuorumDeviceVote vote;
                try {
                    vote = d.currentVote();
                } catch (RuntimeException e) {
                    vote = new QuorumDeviceVote(false, "the device failed: " + e);
                }
                return new DeviceInput(QUORUM_DISK, disk.votes(), vote.granted(), vote.reason());
            }
        }
        return new DeviceInput(QUORUM_DISK, disk.votes(), false, "the quorum disk is not running on this node");
    }

    private void publish(QuorumState next) {
        QuorumState previous = state;
        if (next.equals(previous)) {
            return;
        }
        state = next;
        if (next.quorate() && !previous.quorate()) {
            LOG.info("Quorum regained: {}", next.reason());
        } else if (!next.quorate() && previous.quorate()) {
            LOG.info("Quorum lost: {}", next.reason());
        } else {
            LOG.debug("Quorum state: {}", next.reason());
        }
        Executor e = listenerExecutor;
        if (e == null || listeners.isEmpty()) {
            return;
        }
        try {
            e.execute(() -> notifyListeners(previous, next));
        } catch (RejectedExecutionException stopping) {
            // deactivated meanwhile
        }
    }

    private void notifyListeners(QuorumState previous, QuorumState next) {
        for (QuorumListener l : listeners) {
            try {
                l.quorumChanged(previous, next);
            } catch (RuntimeException ex) {
                LOG.error("Quorum listener {} failed", l, ex);
            }
        }
    }

    private static QuorumState notQuorate(long generation, int members, String reason) {
        return new QuorumState(false, generation, 0, 0, 0, 0, 0, members, Set.of(), reason);
    }
}
