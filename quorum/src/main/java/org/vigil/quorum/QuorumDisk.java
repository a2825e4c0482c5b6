package org.vigil.quorum;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfigListener;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.quorum.QuorumDevice;
import org.vigil.api.quorum.QuorumDeviceVote;

/**
 * The quorum disk, like RHCS qdiskd: when the cluster configuration has a {@code <quorumd>},
 * this node heartbeats into its slot of the shared file every {@code interval}, follows the
 * other nodes' slots, takes part in electing the disk's master, and registers a
 * {@link QuorumDevice} service named {@code "qdisk"} that gives the disk's votes to this node's
 * partition when the master lists this node (see {@link QuorumDiskEngine}).
 *
 * <p>Follows configuration changes (it is a {@link ClusterConfigListener}): the disk starts,
 * stops or restarts with the {@code <quorumd>} element.
 */
@Component(service = ClusterConfigListener.class, immediate = true)
public class QuorumDisk implements QuorumDevice, ClusterConfigListener {

    /** The device name the quorum service looks for. */
    static final String NAME = "qdisk";
    /** Service property naming the device. */
    static final String DEVICE_PROPERTY = "vigil.quorum.device";

    private static final Logger LOG = LoggerFactory.getLogger(QuorumDisk.class);

    @Reference
    ClusterConfigStore configStore;

    @Reference
    MembershipService membership;

    private final Function<QuorumDiskSettings, DiskIo.Opener> openers;
    private final LongSupplier monotonicMillis;
    private final LongSupplier wallMillis;
    private Registrar registrar;
    private volatile ScheduledExecutorService executor;
    private volatile Running running;
    private volatile String idle = "the quorum disk is not started";

    /** Publishes the device as a service; returns what withdraws it. */
    @FunctionalInterface
    interface Registrar {

        /**
         * @param device the device to publish
         * @param label  the disk's label
         * @return the action that withdraws it
         */
        Runnable register(QuorumDevice device, String label);
    }

    /** What decides whether a running disk can stay as it is. */
    private record Key(QuorumDiskSettings settings, int localId, int maxNodeId, Map<Integer, String> names) {
    }

    private record Running(Key key, QuorumDiskEngine engine, ScheduledFuture<?> ticks, Runnable unregister) {
    }

    /** For Declarative Services. */
    public QuorumDisk() {
        this(s -> () -> FileDiskIo.open(Path.of(s.device())), () -> System.nanoTime() / 1_000_000,
            System::currentTimeMillis);
    }

    private QuorumDisk(Function<QuorumDiskSettings, DiskIo.Opener> openers, LongSupplier monotonicMillis,
                       LongSupplier wallMillis) {
        this.openers = openers;
        this.monotonicMillis = monotonicMillis;
        this.wallMillis = wallMillis;
    }

    /**
     * A quorum disk outside OSGi, for tests: nothing runs until {@link #start()}.
     *
     * @param configStore     the configuration store
     * @param membership      this node's membership
     * @param openers         opens the disk of the given settings
     * @param monotonicMillis a monotonic clock, ms
     * @param registrar       publishes the device
     * @return the quorum disk
     */
    static QuorumDisk create(ClusterConfigStore configStore, MembershipService membership,
                             Function<QuorumDiskSettings, DiskIo.Opener> openers, LongSupplier monotonicMillis,
                             Registrar registrar) {
        QuorumDisk d = new QuorumDisk(openers, monotonicMillis, System::currentTimeMillis);
        d.configStore = configStore;
        d.membership = membership;
        d.registrar = registrar;
        return d;
    }

    @Activate
    void activate(BundleContext context) {
        registrar = (device, label) -> {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(DEVICE_PROPERTY, NAME);
            props.put("vigil.quorum.device.label", label);
            ServiceRegistration<QuorumDevice> r = context.registerService(QuorumDevice.class, device, props);
            return () -> {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // unregistered with the bundle
                }
            };
        };
        start();
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** Starts the disk's thread and the disk itself when the configuration has one. */
    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "vigil-qdisk"));
        submit(this::reconcile);
    }

    /** Stops the disk and withdraws the service. */
    void stop() {
        ScheduledExecutorService e = executor;
        if (e == null) {
            return;
        }
        submit(() -> {
            stopRunning();
            idle = "the quorum disk is stopped";
        });
        e.shutdown();
        try {
            if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public void configurationChanged(ClusterConfiguration current) {
        submit(this::reconcile);
    }

    private void submit(Runnable task) {
        ScheduledExecutorService e = executor;
        if (e != null) {
            try {
                e.execute(task);
            } catch (RejectedExecutionException stopping) {
                // stopped meanwhile
            }
        }
    }

    private void reconcile() {
        try {
            Optional<ClusterConfiguration> config = configStore.current();
            Optional<QuorumDiskSettings> wanted = config.flatMap(ClusterConfiguration::quorumDisk);
            Running r = running;
            if (wanted.isEmpty()) {
                idle = "no quorum disk is configured";
                if (r != null) {
                    LOG.info("Quorum disk {}: no <quorumd> in the configuration any more; stopping", r.key().settings().device());
                    stopRunning();
                }
                return;
            }
            int localId = membership.localNode().id();
            Map<Integer, String> names = config.get().nodes().stream()
                .collect(Collectors.toMap(NodeDefinition::nodeId, NodeDefinition::name, (a, b) -> a));
            int maxNodeId = names.keySet().stream().mapToInt(Integer::intValue).max().orElse(localId);
            Key key = new Key(wanted.get(), localId, maxNodeId, names);
            if (r != null && r.key().equals(key)) {
                return;
            }
            stopRunning();
            QuorumDiskSettings s = key.settings();
            QuorumDiskEngine engine = new QuorumDiskEngine(s, localId, names, maxNodeId, openers.apply(s),
                monotonicMillis, wallMillis, membership::currentView, ThreadLocalRandom.current().nextLong());
            ScheduledFuture<?> ticks = executor.scheduleWithFixedDelay(() -> tick(engine), 0,
                Math.max(1, s.interval().toMillis()), TimeUnit.MILLISECONDS);
            Runnable unregister = registrar.register(this, s.label());
            running = new Running(key, engine, ticks, unregister);
            LOG.info("Quorum disk {} (label '{}', votes {}, interval {} ms, tko {}) started on node {}", s.device(),
                s.label(), s.votes(), s.interval().toMillis(), s.tko(), localId);
        } catch (RuntimeException e) {
            LOG.error("Quorum disk: cannot start", e);
        }
    }

    private static void tick(QuorumDiskEngine engine) {
        try {
            engine.tick();
        } catch (RuntimeException e) {
            LOG.error("Quorum disk: heartbeat failed", e);
        }
    }

    private void stopRunning() {
        Running r = running;
        if (r == null) {
            return;
        }
        running = null;
        r.unregister().run();
        r.ticks().cancel(false);
        r.engine().close();
    }

    /** @return the engine now running, for tests; null when none */
    QuorumDiskEngine engine() {
        Running r = running;
        return r == null ? null : r.engine();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int votes() {
        Running r = running;
        return r == null ? 0 : r.key().settings().votes();
    }

    @Override
    public QuorumDeviceVote currentVote() {
        Running r = running;
        if (r == null) {
            return new QuorumDeviceVote(false, idle);
        }
        return r.engine().currentVote();
    }
}
