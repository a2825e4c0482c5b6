package org.vigil.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfigListener;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigurationException;

/**
 * The node's {@link ClusterConfigStore}: reads {@code cluster.conf} when it starts
 * (configuration PID {@value #PID}, property {@code file}, default
 * {@code ${karaf.etc}/cluster.conf}). A refused file leaves the store empty, with the
 * problems, and the node does not join. Whiteboard {@link ClusterConfigListener}s are told
 * the configuration once it is loaded, and when they arrive later.
 */
@Component(service = ClusterConfigStore.class, immediate = true, configurationPid = ClusterConfigStoreImpl.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ClusterConfigStoreImpl.Settings.class)
public class ClusterConfigStoreImpl implements ClusterConfigStore {

    /** The configuration PID: {@code etc/org.vigil.config.cfg}. */
    static final String PID = "org.vigil.config";

    /** The property naming the file to read. */
    static final String FILE_PROPERTY = "file";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfigStoreImpl.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    /** The settings, as the metatype service shows them. */
    @ObjectClassDefinition(name = "Vigil cluster configuration",
        description = "Where this node reads the cluster configuration (RHCS cluster.conf) from")
    @interface Settings {
        @AttributeDefinition(name = "File", required = false,
            description = "Path of cluster.conf; ${...} names a system property. Default: ${karaf.etc}/cluster.conf")
        String file();
    }

    private final ClusterConfReader reader = new ClusterConfReader();
    private final Set<ClusterConfigListener> listeners = new LinkedHashSet<>();
    private volatile String location = "";
    private volatile ClusterConfiguration current;
    private volatile List<ConfigProblem> problems = List.of();

    /** For Declarative Services: {@link #activate} then reads the file. */
    public ClusterConfigStoreImpl() {
    }

    /**
     * Reads the file at once, as activation does; for use without OSGi.
     *
     * @param file the cluster.conf to read
     */
    ClusterConfigStoreImpl(Path file) {
        load(file);
    }

    @Activate
    void activate(Map<String, Object> properties) {
        load(file(properties));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addListener(ClusterConfigListener listener) {
        listeners.add(listener);
        ClusterConfiguration loaded = current;
        if (loaded != null) {
            tell(listener, loaded);
        }
    }

    synchronized void removeListener(ClusterConfigListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Optional<ClusterConfiguration> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public List<ConfigProblem> problems() {
        return problems;
    }

    @Override
    public String location() {
        return location;
    }

    /** Reads the file; on success tells every listener bound so far. */
    synchronized void load(Path file) {
        Path path = file.toAbsolutePath().normalize();
        location = path.toString();
        try {
            ClusterConfiguration loaded = reader.read(path);
            problems = List.of();
            current = loaded;
            LOG.info(loadedMessage(loaded, location));
            for (ClusterConfigListener listener : new ArrayList<>(listeners)) {
                tell(listener, loaded);
            }
        } catch (ConfigurationException e) {
            current = null;
            problems = e.problems();
            // One log record per line: Karaf's log layout flattens line breaks and cuts long messages.
            refusalLines(location, e.problems()).forEach(LOG::error);
        }
    }

    private static void tell(ClusterConfigListener listener, ClusterConfiguration configuration) {
        try {
            listener.configurationChanged(configuration);
        } catch (RuntimeException e) {
            LOG.error("Cluster configuration listener {} failed on config_version {}", listener,
                configuration.configVersion(), e);
        }
    }

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

    private static String expand(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = System.getProperty(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        return m.appendTail(out).toString();
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
