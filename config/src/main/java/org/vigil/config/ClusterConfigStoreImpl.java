package org.vigil.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.AgentCheck;
import org.vigil.api.config.ClusterConfigListener;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfigUpdater;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigUpdateResult;
import org.vigil.api.config.ConfigVersionInfo;
import org.vigil.api.config.ConfigurationException;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.membership.MembershipListener;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.messaging.ClusterMessage;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.MessageHandler;
import org.vigil.api.quorum.QuorumService;

/**
 * The node's {@link ClusterConfigStore} and {@link ClusterConfigUpdater}: reads
 * {@code cluster.conf} when it starts (configuration PID {@value #PID}, property {@code file},
 * default {@code ${karaf.etc}/cluster.conf}), then keeps it the same on every node with the
 * update protocol of {@link ConfigNode} over {@link ClusterMessaging} (topic
 * {@value ClusterLink#TOPIC}; it registers itself as that topic's {@link MessageHandler} and as
 * a {@link MembershipListener}, to catch up after view changes). A refused file leaves the
 * store empty, with the problems, and the node does not join. Whiteboard
 * {@link ClusterConfigListener}s are told each version that runs (in order, from one thread),
 * and the running one when they arrive later.
 */
@Component(service = {ClusterConfigStore.class, ClusterConfigUpdater.class, MessageHandler.class, MembershipListener.class},
    immediate = true, configurationPid = ClusterConfigStoreImpl.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = MessageHandler.TOPIC_PROPERTY + "=" + ClusterLink.TOPIC)
@Designate(ocd = ClusterConfigStoreImpl.Settings.class)
public class ClusterConfigStoreImpl implements ClusterConfigStore, ClusterConfigUpdater, MessageHandler, MembershipListener {

    /** The configuration PID: {@code etc/org.vigil.config.cfg}. */
    static final String PID = "org.vigil.config";

    /** The property naming the file to read. */
    static final String FILE_PROPERTY = "file";
    /** The property giving how many backups ({@code cluster.conf.bak.N}) are kept. */
    static final String BACKUPS_PROPERTY = "backups";
    /** The property giving the ms between two comparisons with the coordinator's version. */
    static final String SYNC_INTERVAL_PROPERTY = "sync.interval";
    static final long DEFAULT_SYNC_INTERVAL_MS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfigStoreImpl.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    /** The settings, as the metatype service shows them. */
    @ObjectClassDefinition(name = "Vigil cluster configuration",
        description = "Where this node keeps the cluster configuration (RHCS cluster.conf)")
    @interface Settings {
        @AttributeDefinition(name = "File", required = false,
            description = "Path of cluster.conf; ${...} names a system property. Default: ${karaf.etc}/cluster.conf")
        String file();

        @AttributeDefinition(name = "Backups", required = false, description = "How many cluster.conf.bak.N are kept (default 20)")
        int backups() default ConfigFiles.DEFAULT_KEEP;

        @AttributeDefinition(name = "Sync interval", required = false,
            description = "ms between two comparisons of this node's version with the coordinator's (default 3000)")
        long sync_interval() default DEFAULT_SYNC_INTERVAL_MS;
    }

    private final Set<ClusterConfigListener> listeners = new LinkedHashSet<>();
    private final ClusterConfReader reader = new ClusterConfReader();
    private final ClusterConfWriter writer = new ClusterConfWriter();
    private final ClusterConfJson json = new ClusterConfJson();
    private final ExecutorService tellThread = Executors.newSingleThreadExecutor(r -> daemon(r, "vigil-config-listeners"));
    /**
     * Updates run on threads of their own: a caller's thread may carry a name that must not reach
     * the log (Karaf names a shell command's thread after its command line, passwords included).
     */
    private final ExecutorService updateThreads = Executors.newCachedThreadPool(r -> daemon(r, "vigil-config-update"));
    private volatile ScheduledExecutorService syncThread;
    private volatile ConfigNode node;
    private volatile String location = "";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile MembershipService membership;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile QuorumService quorum;

    private volatile ClusterMessaging messaging;

    private final InstalledFenceAgents fenceAgents = new InstalledFenceAgents();

    /** For Declarative Services: {@link #activate} then reads the file. */
    public ClusterConfigStoreImpl() {
    }

    /**
     * Reads the file at once, as activation does; for use without OSGi.
     *
     * @param file the cluster.conf to read
     */
    ClusterConfigStoreImpl(Path file) {
        start(new ConfigFiles(file), 0);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Activate
    void activate(Map<String, Object> properties) {
        start(new ConfigFiles(file(properties), number(properties, BACKUPS_PROPERTY, ConfigFiles.DEFAULT_KEEP),
            ConfigFiles.FORCED), number(properties, SYNC_INTERVAL_PROPERTY, DEFAULT_SYNC_INTERVAL_MS));
    }

    /** Loads the file; with a sync interval, also compares versions with the coordinator every so often. */
    void start(ConfigFiles files, long syncIntervalMs) {
        location = files.file().toString();
        ConfigNode n = new ConfigNode(files, this::linkState, this::tellAll, ClusterConfigStoreImpl::hostName,
            java.time.Clock.systemUTC());
        n.checkAgentsWith(c -> checkAgents(c, "proposed cluster.conf").errors());
        node = n;
        try {
            ClusterConfiguration loaded = n.load();
            LOG.info(loadedMessage(loaded, location));
        } catch (ConfigurationException e) {
            // One log record per line: Karaf's log layout flattens line breaks and cuts long messages.
            refusalLines(location, e.problems()).forEach(LOG::error);
        }
        if (syncIntervalMs > 0) {
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-config-sync"));
            s.scheduleWithFixedDelay(n::catchUp, syncIntervalMs, syncIntervalMs, TimeUnit.MILLISECONDS);
            syncThread = s;
        }
    }

    /** Reads a file as activation does (for tests without OSGi). */
    void load(Path file) {
        start(new ConfigFiles(file), 0);
    }

    @Deactivate
    void deactivate() {
        ScheduledExecutorService s = syncThread;
        if (s != null) {
            s.shutdownNow();
        }
        tellThread.shutdownNow();
        updateThreads.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMessaging(ClusterMessaging m) {
        messaging = m;
        catchUpSoon();
    }

    void unbindMessaging(ClusterMessaging m) {
        if (messaging == m) {
            messaging = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFenceAgent(FenceAgent agent, Map<String, Object> properties) {
        fenceAgents.add(String.valueOf(properties.get(FenceAgent.TYPE_PROPERTY)), agent);
    }

    void removeFenceAgent(FenceAgent agent, Map<String, Object> properties) {
        fenceAgents.remove(String.valueOf(properties.get(FenceAgent.TYPE_PROPERTY)), agent);
    }

    @Override
    public AgentCheck checkAgents(ClusterConfiguration config, String source) {
        ValidationResult r = ConfigValidator.checkAgents(config, source, fenceAgents::metadata);
        return new AgentCheck(r.errors(), r.warnings());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addListener(ClusterConfigListener listener) {
        listeners.add(listener);
        ConfigNode n = node;
        ClusterConfiguration loaded = n == null ? null : n.running().orElse(null);
        if (loaded != null) {
            tellThread.execute(() -> tell(listener, loaded));
        }
    }

    synchronized void removeListener(ClusterConfigListener listener) {
        listeners.remove(listener);
    }

    private synchronized void tellAll(ClusterConfiguration configuration) {
        List<ClusterConfigListener> now = new ArrayList<>(listeners);
        tellThread.execute(() -> now.forEach(l -> tell(l, configuration)));
    }

    /** Waits until the listeners were told everything so far (for tests). */
    void awaitListeners() throws Exception {
        tellThread.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    private ClusterLink.State linkState() {
        MembershipService m = membership;
        if (m == null || !m.isJoined()) {
            return ClusterLink.State.ALONE;
        }
        ClusterMessaging msg = messaging;
        if (msg == null) {
            return new ClusterLink.State(null, "this node has joined but cluster messaging is not up yet; try again in a moment");
        }
        QuorumService q = quorum;
        return new ClusterLink.State(new ClusterLink() {
            @Override
            public String localNode() {
                return m.localNode().name();
            }

            @Override
            public MembershipView view() {
                return m.currentView();
            }

            @Override
            public Optional<String> notQuorate() {
                if (q == null) {
                    return Optional.of("the quorum service is not running");
                }
                return q.isQuorate() ? Optional.empty() : Optional.of(q.state().reason());
            }

            @Override
            public CompletableFuture<byte[]> request(String to, byte[] payload, Duration timeout) {
                return msg.request(to, TOPIC, payload, timeout);
            }
        }, null);
    }

    private void catchUpSoon() {
        ScheduledExecutorService s = syncThread;
        ConfigNode n = node;
        if (s != null && n != null) {
            try {
                s.schedule(n::catchUp, 200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // deactivated meanwhile
            }
        }
    }

    // ------------------------------------------------------------ MembershipListener, MessageHandler

    @Override
    public void viewChanged(MembershipView previous, MembershipView current) {
        catchUpSoon();
    }

    @Override
    public byte[] onMessage(ClusterMessage message) throws Exception {
        return node.onMessage(message.from(), message.payload());
    }

    // ------------------------------------------------------------ ClusterConfigStore

    @Override
    public Optional<ClusterConfiguration> current() {
        ConfigNode n = node;
        return n == null ? Optional.empty() : n.running();
    }

    @Override
    public List<ConfigProblem> problems() {
        ConfigNode n = node;
        return n == null ? List.of() : n.problems();
    }

    @Override
    public String location() {
        return location;
    }

    // ------------------------------------------------------------ ClusterConfigUpdater

    private String origin() {
        MembershipService m = membership;
        return m != null && m.isJoined() ? m.localNode().name() : hostName();
    }

    private ConfigUpdateResult onUpdateThread(Supplier<ConfigUpdateResult> work) {
        long running = current().map(ClusterConfiguration::configVersion).orElse(0L);
        try {
            return updateThreads.submit(work::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConfigUpdateResult.refused(running, "interrupted", List.of());
        } catch (ExecutionException e) {
            LOG.error("A configuration update failed", e.getCause());
            return ConfigUpdateResult.refused(running, "the update failed: " + e.getCause(), List.of());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return ConfigUpdateResult.refused(running, "the configuration service is stopping", List.of());
        }
    }

    @Override
    public ConfigUpdateResult update(ClusterConfiguration proposed, String change) {
        String origin = origin();
        return onUpdateThread(() -> node.submit(new Proposal(Proposal.Kind.UPDATE, writer.write(proposed), 0, 0, change, origin)));
    }

    @Override
    public ConfigUpdateResult update(String source, byte[] document, String change) {
        ClusterConfiguration proposed;
        try {
            proposed = reader.read(source, document);
        } catch (ConfigurationException e) {
            return ConfigUpdateResult.refused(current().map(ClusterConfiguration::configVersion).orElse(0L),
                "the configuration does not validate: " + e.problems().size()
                    + (e.problems().size() == 1 ? " problem" : " problems"), e.problems());
        }
        return update(proposed, change);
    }

    @Override
    public ConfigUpdateResult edit(ClusterConfiguration edited, String change) {
        String origin = origin();
        return onUpdateThread(() -> node.submit(new Proposal(Proposal.Kind.EDIT, writer.write(edited), edited.configVersion(), 0,
            change, origin)));
    }

    @Override
    public ConfigUpdateResult rollback(long version) {
        String origin = origin();
        return onUpdateThread(() -> node.submit(new Proposal(Proposal.Kind.ROLLBACK, "", 0, version, "rollback to " + version,
            origin)));
    }

    @Override
    public ConfigUpdateResult create(String clusterName) {
        return onUpdateThread(() -> node.create(clusterName));
    }

    @Override
    public List<ConfigVersionInfo> history() {
        return node.history();
    }

    @Override
    public ClusterConfiguration parse(String source, byte[] document) throws ConfigurationException {
        return reader.read(source, document);
    }

    @Override
    public List<ConfigProblem> validate(ClusterConfiguration config, String source) {
        return ConfigValidator.validate(config, source);
    }

    @Override
    public String toXml(ClusterConfiguration config, boolean maskSecrets) {
        return writer.write(maskSecrets ? Masking.masked(config) : config);
    }

    @Override
    public String toJson(ClusterConfiguration config) {
        return json.toJson(config);
    }

    ConfigNode node() {
        return node;
    }

    // ------------------------------------------------------------ settings

    /**
     * @param properties the component's properties
     * @return the file named by {@value #FILE_PROPERTY} (with {@code ${property}}
     *         placeholders filled from system properties), else {@code ${karaf.etc}/cluster.conf}
     */
    static Path file(Map<String, Object> properties) {
        Object configured = properties == null ? null : properties.get(FILE_PROPERTY);
        if (configured != null && !configured.toString().isBlank()) {
            return Path.of(expand(configured.toString().strip()));
        }
        return Path.of(Objects.requireNonNullElse(System.getProperty("karaf.etc"), "etc"), "cluster.conf");
    }

    private static long number(Map<String, Object> properties, String key, long byDefault) {
        Object v = properties == null ? null : properties.get(key);
        if (v == null || v.toString().isBlank()) {
            return byDefault;
        }
        try {
            return Long.parseLong(v.toString().strip());
        } catch (NumberFormatException e) {
            LOG.warn("{} = '{}' in etc/{}.cfg is not a whole number; using {}", key, v, PID, byDefault);
            return byDefault;
        }
    }

    private static int number(Map<String, Object> properties, String key, int byDefault) {
        return (int) Math.max(1, Math.min(1000, number(properties, key, (long) byDefault)));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static String expand(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = System.getProperty(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        return m.appendTail(out).toString();
    }

    private static void tell(ClusterConfigListener listener, ClusterConfiguration configuration) {
        try {
            listener.configurationChanged(configuration);
        } catch (RuntimeException e) {
            LOG.error("Cluster configuration listener {} failed on config_version {}", listener,
                configuration.configVersion(), e);
        }
    }

    static String loadedMessage(ClusterConfiguration c, String location) {
        int n = c.nodes().size();
        return "Loaded cluster.conf: cluster " + c.name() + ", config_version " + c.configVersion() + ", " + n
            + (n == 1 ? " node" : " nodes") + " (" + location + ")";
    }

    static List<String> refusalLines(String location, List<ConfigProblem> problems) {
        List<String> lines = new ArrayList<>();
        lines.add("Refusing " + location + ":");
        problems.forEach(p -> lines.add("  " + p));
        lines.add("This node will not join the cluster until " + location + " is corrected and the node restarted.");
        return lines;
    }
}
