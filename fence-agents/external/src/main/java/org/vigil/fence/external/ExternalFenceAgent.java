package org.vigil.fence.external;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.ParameterType;

/**
 * The {@code external} fence agent: runs an installed ClusterLabs fence agent (the device's
 * {@code agent} parameter, e.g. {@code fence_ipmilan}) the way Pacemaker's fencer does, with the
 * device's parameters as {@code key=value} lines on its stdin plus {@code action=} and
 * {@code plug=}. Only {@code fence_[A-Za-z0-9_]+} executables in the allowed directories are run
 * (configuration PID {@value #PID}, property {@code agent.directories}, default
 * {@code /usr/sbin,/usr/local/sbin}). OFF and ON count only when a following status call reads
 * the requested state; a run that outlives the timeout is killed with its whole process group.
 * {@link #metadata(Map)} answers with the named agent's own parameters (from {@code -o metadata}).
 */
@Component(service = FenceAgent.class, configurationPid = ExternalFenceAgent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = FenceAgent.TYPE_PROPERTY + "=" + ExternalFenceAgent.TYPE)
@Designate(ocd = ExternalFenceAgent.Settings.class)
public final class ExternalFenceAgent implements FenceAgent {

    /** The device type this agent serves. */
    public static final String TYPE = "external";

    /** The configuration PID: {@code etc/org.vigil.fence.external.cfg}. */
    static final String PID = "org.vigil.fence.external";

    /** Where agents are looked for unless configured otherwise. */
    static final List<Path> DEFAULT_DIRECTORIES = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"));

    /** The time an action may take when the caller gives none (Pacemaker's default stonith-timeout). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ExternalFenceAgent.class);

    private static final Set<FenceAction> ALL_ACTIONS = EnumSet.allOf(FenceAction.class);

    /** The settings, as the metatype service shows them. */
    @ObjectClassDefinition(name = "Vigil external fence agent",
            description = "Runs installed ClusterLabs fence agents (fence_*) for devices with agent=fence_...")
    @interface Settings {
        @AttributeDefinition(name = "Agent directories", required = false,
                description = "Directories searched for fence_* executables, in order (comma-separated). "
                        + "Nothing outside them is ever run.")
        String[] agent_directories() default {"/usr/sbin", "/usr/local/sbin"};
    }

    private final MetadataCache metadataCache = new MetadataCache(TYPE);
    private volatile AgentLocator locator;

    /** The agent with the default directories (what DS creates before {@link #activate}). */
    public ExternalFenceAgent() {
        this(DEFAULT_DIRECTORIES);
    }

    /** @param directories where agents are looked for (tests use a temporary directory) */
    ExternalFenceAgent(List<Path> directories) {
        this.locator = new AgentLocator(directories);
    }

    /**
     * Applies the configuration. Relative directories are refused (logged, the directories in use
     * stay); directories that do not exist are accepted with a warning (a package may create them).
     */
    @Activate
    @Modified
    void activate(Settings settings) {
        List<Path> dirs = new ArrayList<>();
        for (String entry : settings.agent_directories()) {
            for (String d : entry.split(",")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d.strip()));
                }
            }
        }
        for (Path d : dirs) {
            if (!d.isAbsolute()) {
                LOG.error("{}: agent.directories: '{}' is not an absolute path; the configuration is refused and "
                        + "agents are still run from {}", PID, d, locator.directories());
                return;
            }
            if (!Files.isDirectory(d)) {
                LOG.warn("{}: agent.directories: {} is not a directory (yet)", PID, d);
            }
        }
        locator = new AgentLocator(dirs.isEmpty() ? DEFAULT_DIRECTORIES : dirs);
        LOG.debug("external fence agent: agents from {}", locator.directories());
    }

    /** @return the directories agents are run from */
    List<Path> directories() {
        return locator.directories();
    }

    private AgentParameter agentParameter(Optional<String> named) {
        return new AgentParameter(AgentOptions.AGENT, ParameterType.STRING, true, named, false, List.of(),
                "the ClusterLabs fence agent to run, e.g. fence_ipmilan (an executable fence_[A-Za-z0-9_]+ in "
                        + String.join(", ", locator.directories().stream().map(Path::toString).toList()) + ")");
    }

    /**
     * The adapter itself: the {@code agent} parameter, and every parameter of the named agent
     * (ask {@link #metadata(Map)} with the device's parameters for them).
     */
    @Override
    public FenceAgentMetadata metadata() {
        return new FenceAgentMetadata(TYPE, "runs an installed ClusterLabs fence agent (agent=fence_...) with the "
                + "device's parameters on its stdin; takes every parameter of the named agent",
                List.of(agentParameter(Optional.empty())), ALL_ACTIONS);
    }

    /**
     * The named agent's metadata (its {@code -o metadata}, cached per agent file), with the
     * {@code agent} parameter first. When the agent is not named, not installed, or prints no
     * readable metadata, the answer has no actions, its {@code agent} parameter is a SELECT of
     * the installed agents, and its description says what is wrong (no exception).
     */
    @Override
    public FenceAgentMetadata metadata(Map<String, String> deviceParameters) {
        String name = deviceParameters == null ? null : deviceParameters.get(AgentOptions.AGENT);
        try {
            Path exe = locator.locate(name);
            return metadataCache.get(exe, agentParameter(Optional.of(name)));
        } catch (AgentException e) {
            LOG.warn("external fence agent metadata: {}", e.getMessage());
            AgentParameter choice = new AgentParameter(AgentOptions.AGENT, ParameterType.SELECT, true,
                    Optional.empty(), false, locator.installed(), "the ClusterLabs fence agent to run");
            return new FenceAgentMetadata(TYPE, "unusable device: " + e.getMessage(), List.of(choice), Set.of());
        }
    }

    @Override
    public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
        if (action == null) {
            return FenceResult.failed("no action given");
        }
        Map<String, String> params = parameters == null ? Map.of() : parameters;
        SecretValues secrets = SecretValues.of(params);
        Duration limit = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
        Deadline deadline = Deadline.after(limit);
        String name = params.get(AgentOptions.AGENT);
        String where = describe(name, params, plug);
        FenceResult result;
        try {
            Path exe = locator.locate(name);
            result = new ExternalActions(exe, params, plug, deadline, secrets).execute(action);
        } catch (AgentException e) {
            result = FenceResult.failed(secrets.scrub(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("external {} {}: internal error: {}", where, action, secrets.scrub(String.valueOf(e)));
            result = FenceResult.failed("internal error in the external agent: " + e.getClass().getSimpleName());
        }
        String took = Deadline.seconds(Duration.ofMillis(deadline.elapsed().toMillis()));
        if (!result.success()) {
            LOG.warn("external {} {} failed: {} ({})", where, action, result.message(), took);
        } else if (action == FenceAction.OFF || action == FenceAction.ON || action == FenceAction.REBOOT) {
            LOG.info("external {} {}: {} ({})", where, action, result.message(), took);
        } else {
            LOG.debug("external {} {}: {} ({})", where, action, result.message(), took);
        }
        return result;
    }

    /** @return e.g. {@code fence_ipmilan[127.0.0.1 plug 3]}, for logs (no secret) */
    private static String describe(String name, Map<String, String> params, String plug) {
        String n = name == null ? "(no agent)" : name.replaceAll("[^A-Za-z0-9_]", "?");
        String host = params.getOrDefault("ip", params.get("ipaddr"));
        StringBuilder sb = new StringBuilder(n);
        if (host != null || plug != null) {
            sb.append('[');
            if (host != null) {
                sb.append(host.replaceAll("\\p{Cntrl}", "?"));
            }
            if (plug != null) {
                sb.append(host != null ? " " : "").append("plug ").append(plug.replaceAll("\\p{Cntrl}", "?"));
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
