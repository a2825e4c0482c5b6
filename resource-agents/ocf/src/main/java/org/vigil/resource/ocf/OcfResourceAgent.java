package org.vigil.resource.ocf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.resource.support.ProcessRunner;

/**
 * The {@code ocf} resource type: runs any installed OCF resource agent,
 * {@code OCF_ROOT/resource.d/PROVIDER/TYPE}, named by the parameter {@code agent="PROVIDER:TYPE"}
 * (e.g. {@code heartbeat:IPaddr2}), the way Pacemaker does: environment {@code OCF_ROOT},
 * {@code OCF_RESOURCE_INSTANCE}, {@code OCF_RESKEY_<param>} for every other parameter,
 * {@code OCF_RESKEY_CRM_meta_timeout} (ms), {@code HA_RSCTMP}; actions start, stop, monitor,
 * validate-all; exit codes are OCF codes. The agent's {@code meta-data} is read (and cached) to
 * refuse a resource that lacks a required parameter before the agent runs.
 */
@Component(service = ResourceAgent.class, property = ResourceAgent.TYPE_PROPERTY + "=" + OcfResourceAgent.TYPE,
    configurationPid = OcfResourceAgent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OcfResourceAgent.Settings.class)
public final class OcfResourceAgent implements ResourceAgent {

    /** The resource type this agent serves. */
    public static final String TYPE = "ocf";

    /** The configuration PID: {@code etc/org.vigil.resource.ocf.cfg}. */
    static final String PID = "org.vigil.resource.ocf";

    private static final Logger LOG = LoggerFactory.getLogger(OcfResourceAgent.class);
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    /** Settings. */
    @ObjectClassDefinition(name = "Vigil OCF resource agents", description = "Where OCF agents are and keep their state")
    @interface Settings {
        @AttributeDefinition(description = "OCF_ROOT: the agents are OCF_ROOT/resource.d/PROVIDER/TYPE")
        String ocfRoot() default "/usr/lib/ocf";

        @AttributeDefinition(required = false,
            description = "HA_RSCTMP, the agents' state directory; default ${karaf.data}/resource-agents, else /run/resource-agents")
        String stateDirectory() default "";
    }

    private static final ResourceAgentMetadata METADATA = new ResourceAgentMetadata(TYPE,
        "Any installed OCF resource agent (OCF_ROOT/resource.d/PROVIDER/TYPE), e.g. agent=\"heartbeat:IPaddr2\"; "
            + "every other parameter goes to the agent as OCF_RESKEY_<name>",
        List.of(new ResourceParameter("name", true, true, Optional.empty(), "the resource's name (OCF_RESOURCE_INSTANCE)"),
            new ResourceParameter("agent", true, false, Optional.empty(), "the OCF agent, PROVIDER:TYPE, e.g. heartbeat:IPaddr2")),
        Map.of(ResourceOperation.START, Duration.ofSeconds(20), ResourceOperation.STOP, Duration.ofSeconds(20),
            ResourceOperation.MONITOR, Duration.ofSeconds(20), ResourceOperation.VALIDATE, Duration.ofSeconds(20)));

    private record Cached(FileTime modified, OcfMetadata metadata) {
    }

    private final Map<Path, Cached> metadataCache = new ConcurrentHashMap<>();
    private final List<String> commandPrefix;
    private volatile Path ocfRoot;
    private volatile Path stateDirectory;

    /** For Declarative Services. */
    public OcfResourceAgent() {
        this(Path.of("/usr/lib/ocf"), defaultStateDirectory(), List.of());
    }

    /**
     * @param ocfRoot        OCF_ROOT
     * @param stateDirectory HA_RSCTMP
     * @param commandPrefix  what runs every agent process (tests: {@code ip netns exec NS}); must exec in place
     */
    OcfResourceAgent(Path ocfRoot, Path stateDirectory, List<String> commandPrefix) {
        this.ocfRoot = ocfRoot;
        this.stateDirectory = stateDirectory;
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    @Activate
    @Modified
    void configure(Settings settings) {
        ocfRoot = Path.of(settings.ocfRoot());
        stateDirectory = settings.stateDirectory().isBlank() ? defaultStateDirectory() : Path.of(settings.stateDirectory());
        metadataCache.clear();
        LOG.info("OCF agents from {} (HA_RSCTMP {})", ocfRoot, stateDirectory);
    }

    static Path defaultStateDirectory() {
        String data = System.getProperty("karaf.data");
        return data != null ? Path.of(data, "resource-agents") : Path.of("/run/resource-agents");
    }

    @Override
    public ResourceAgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout) {
        OcfAgentName name;
        try {
            name = OcfAgentName.parse(resource.parameters().get("agent"));
        } catch (IllegalArgumentException e) {
            return new OcfResult(OcfStatus.ERR_CONFIGURED, resource.name() + ": " + e.getMessage());
        }
        Path file = name.file(ocfRoot);
        if (!Files.isRegularFile(file)) {
            return new OcfResult(OcfStatus.ERR_INSTALLED, resource.name() + ": OCF agent " + name + " is not installed ("
                + file + " not found)");
        }
        if (!Files.isExecutable(file)) {
            return new OcfResult(OcfStatus.ERR_INSTALLED, resource.name() + ": OCF agent " + file + " is not executable");
        }
        List<String> badNames = resource.parameters().keySet().stream().filter(k -> !PARAMETER_NAME.matcher(k).matches()).toList();
        if (!badNames.isEmpty()) {
            return new OcfResult(OcfStatus.ERR_CONFIGURED, resource.name() + ": parameter names " + badNames
                + " cannot be passed as OCF_RESKEY_<name> (letters, digits and '_')");
        }
        Optional<OcfMetadata> meta = metadataOf(name, resource);
        if (meta.isPresent()) {
            List<String> missing = new ArrayList<>();
            for (String required : meta.get().required()) {
                String v = resource.parameters().get(required);
                if (v == null || v.isBlank()) {
                    missing.add(required);
                }
            }
            if (!missing.isEmpty()) {
                return new OcfResult(OcfStatus.ERR_CONFIGURED, resource.name() + ": parameter" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is") + " required by " + name);
            }
        }
        String action = switch (operation) {
            case START -> "start";
            case STOP -> "stop";
            case MONITOR -> "monitor";
            case VALIDATE -> "validate-all";
        };
        ProcessRunner.Outcome o;
        try {
            o = ProcessRunner.run(commandPrefix, List.of(file.toString(), action), environment(name, resource, timeout),
                timeout, 5);
        } catch (IOException e) {
            return new OcfResult(OcfStatus.ERR_GENERIC, resource.name() + ": cannot run " + file + " " + action + ": " + e.getMessage());
        }
        String output = o.tail().isEmpty() ? "" : ": " + o.tail();
        if (o.timedOut() || o.interrupted()) {
            String why = o.timedOut() ? "timed out after " + seconds(timeout) : "was cancelled";
            LOG.warn("{}: {} {} {}; killed its process group ({} processes)", resource.name(), name, action, why, o.killed());
            return new OcfResult(o.timedOut() ? OcfStatus.TIMED_OUT : OcfStatus.ERR_GENERIC,
                name + " " + action + " " + why + "; killed its process group (" + o.killed() + " processes)" + output);
        }
        OcfStatus status = OcfStatus.fromExitCode(o.exitCode());
        String known = status.code() == o.exitCode() ? "" : " (exit code " + o.exitCode() + ", not an OCF code)";
        return new OcfResult(status, name + " " + action + ": " + status.name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + known + output);
    }

    /**
     * The agent's meta-data, cached until its file changes.
     *
     * @param name     the agent
     * @param resource for the environment (some agents need it even for meta-data)
     * @return what it says; empty when it cannot be read (logged)
     */
    Optional<OcfMetadata> metadataOf(OcfAgentName name, ResourceInstance resource) {
        Path file = name.file(ocfRoot);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Cached c = metadataCache.get(file);
            if (c != null && c.modified().equals(modified)) {
                return Optional.of(c.metadata());
            }
            ProcessRunner.Outcome o = ProcessRunner.runCapturing(commandPrefix, List.of(file.toString(), "meta-data"),
                environment(name, resource, METADATA_TIMEOUT), METADATA_TIMEOUT);
            if (o.exitCode() != 0) {
                LOG.warn("{} meta-data exited with {}: {}", name, o.exitCode(), o.tail());
                return Optional.empty();
            }
            OcfMetadata m = OcfMetadata.parse(String.join("\n", o.output()));
            metadataCache.put(file, new Cached(modified, m));
            return Optional.of(m);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cannot read the meta-data of OCF agent {}: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, String> environment(OcfAgentName name, ResourceInstance resource, Duration timeout) {
        Path rsctmp = stateDirectory;
        try {
            Files.createDirectories(rsctmp);
        } catch (IOException e) {
            LOG.warn("Cannot create HA_RSCTMP {}: {}", rsctmp, e.getMessage());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        env.put("OCF_ROOT", ocfRoot.toString());
        env.put("OCF_FUNCTIONS_DIR", ocfRoot.resolve("lib/heartbeat").toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_RESOURCE_INSTANCE", instance(resource.name()));
        env.put("OCF_RESOURCE_TYPE", name.type());
        env.put("OCF_RESOURCE_PROVIDER", name.provider());
        env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(timeout.toMillis()));
        env.put("HA_RSCTMP", rsctmp.toString());
        resource.parameters().forEach((k, v) -> {
            if (!"agent".equals(k) && !"name".equals(k)) {
                env.put("OCF_RESKEY_" + k, v);
            }
        });
        return env;
    }

    /** {@code ocf:web-ip} → {@code web-ip}: the part after the element name, safe in file names. */
    static String instance(String resourceName) {
        int colon = resourceName.indexOf(':');
        String key = colon < 0 ? resourceName : resourceName.substring(colon + 1);
        return key.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
