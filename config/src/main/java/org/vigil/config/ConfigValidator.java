package org.vigil.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.FailoverDomain;
import org.vigil.api.config.FailoverDomainNode;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAgentMetadata;

/**
 * Checks a {@link ClusterConfiguration} as a whole, listing every problem at once with the
 * element path (as in the document, e.g. {@code /cluster/rm/service[2]}) and the line when
 * known. Pure functions: nothing is read or changed.
 */
public final class ConfigValidator {

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final Set<String> FLAGS = Set.of("0", "1");
    private static final Set<String> BOOLEANS = Set.of("0", "1", "yes", "no", "on", "off", "true", "false");

    /** Where problems go: line (0 when unknown), element path, reason. */
    @FunctionalInterface
    interface Sink {
        void add(int line, String element, String reason);
    }

    private ConfigValidator() {
    }

    /**
     * Every check: nodes (names and ids unique, ids ≥ 1, votes ≥ 0) and {@link #references}.
     *
     * @param config the configuration
     * @param source what to call it in problems (a file)
     * @return every problem; empty when it is valid
     */
    public static List<ConfigProblem> validate(ClusterConfiguration config, String source) {
        List<ConfigProblem> found = new ArrayList<>();
        Sink sink = (line, element, reason) -> found.add(new ConfigProblem(source, line, element, reason));
        nodes(config, sink);
        references(config, sink, p -> 0);
        return List.copyOf(found);
    }

    /**
     * An update must carry a higher {@code config_version} than the running configuration.
     *
     * @param running the configuration running now
     * @param update  the proposed one
     * @param source  what to call the update in problems
     * @return every problem of the update (its own, and a version that is not newer)
     */
    public static List<ConfigProblem> validateUpdate(ClusterConfiguration running, ClusterConfiguration update,
                                                     String source) {
        List<ConfigProblem> found = new ArrayList<>();
        if (update.configVersion() <= running.configVersion()) {
            found.add(new ConfigProblem(source, 0, "/cluster", "config_version " + update.configVersion()
                + " is not newer than the running config_version " + running.configVersion()
                + ": an update must increase it"));
        }
        found.addAll(validate(update, source));
        return List.copyOf(found);
    }

    /**
     * Checks every fence device's parameters (merged with each node's per-device parameters)
     * against its agent's metadata. A device whose agent has no metadata is a warning
     * ("not checked: agent X not installed"), not an error.
     *
     * @param config the configuration
     * @param source what to call it in problems
     * @param agents agent name as written in {@code agent} (e.g. {@code fence_ipmilan}) → its
     *               metadata when that agent is installed
     * @return errors and warnings
     */
    public static ValidationResult checkAgents(ClusterConfiguration config, String source,
                                               Function<String, Optional<FenceAgentMetadata>> agents) {
        List<ConfigProblem> errors = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        List<FenceDevice> devices = config.fenceDevices();
        for (int i = 0; i < devices.size(); i++) {
            FenceDevice device = devices.get(i);
            String path = indexed("/cluster/fencedevices", "fencedevice", i, devices.size());
            if (device.agent().isEmpty()) {
                continue;
            }
            Optional<FenceAgentMetadata> metadata = agents.apply(device.agent());
            if (metadata.isEmpty()) {
                warnings.add(new ConfigProblem(source, 0, path, "not checked: agent " + device.agent()
                    + " not installed"));
                continue;
            }
            Map<String, AgentParameter> byName = new LinkedHashMap<>();
            metadata.get().parameters().forEach(p -> byName.put(p.name(), p));
            Sink sink = (line, element, reason) -> errors.add(new ConfigProblem(source, line, element, reason));
            parameters(device.parameters(), byName, device, path, sink);
            boolean referenced = false;
            for (Ref ref : refs(config)) {
                if (!ref.device.name().equals(device.name())) {
                    continue;
                }
                referenced = true;
                parameters(ref.device.parameters(), byName, device, ref.path, sink);
                Map<String, String> merged = new HashMap<>(device.parameters());
                merged.putAll(ref.device.parameters());
                required(merged, byName, device, ref.path + " (node \"" + ref.node + "\")", ref.path, sink);
            }
            if (!referenced) {
                required(device.parameters(), byName, device, path, path, sink);
            }
        }
        return new ValidationResult(errors, warnings);
    }

    /**
     * Device attributes the fencing daemon itself reads (outlet, action, delay before the first
     * attempt, time limit; {@code nodename} of RHCS's manual fencing): no agent needs to declare them.
     */
    static final java.util.Set<String> DAEMON_PARAMETERS = java.util.Set.of("port", "plug", "action", "delay", "timeout",
        "nodename");

    private static void parameters(Map<String, String> given, Map<String, AgentParameter> known, FenceDevice device,
                                   String path, Sink sink) {
        given.forEach((key, value) -> {
            if (DAEMON_PARAMETERS.contains(key) && !known.containsKey(key)) {
                return;
            }
            AgentParameter p = known.get(key);
            if (p == null) {
                sink.add(0, path, "agent " + device.agent() + " takes no parameter " + key);
                return;
            }
            String shown = p.secret() || org.vigil.api.config.Secrets.isSecret(key) ? org.vigil.api.config.Secrets.MASK : value;
            String v = value.strip();
            switch (p.type()) {
                case INTEGER -> {
                    if (!WHOLE.matcher(v).matches()) {
                        sink.add(0, path, key + " \"" + shown + "\" is not a whole number (agent " + device.agent() + ")");
                    }
                }
                case SECONDS -> {
                    try {
                        if (new BigDecimal(v).signum() < 0) {
                            sink.add(0, path, key + " \"" + shown + "\" must be 0 or more seconds");
                        }
                    } catch (NumberFormatException e) {
                        sink.add(0, path, key + " \"" + shown + "\" is not a number of seconds (agent "
                            + device.agent() + ")");
                    }
                }
                case BOOLEAN -> {
                    if (!BOOLEANS.contains(v.toLowerCase(Locale.ROOT))) {
                        sink.add(0, path, key + " \"" + shown + "\" must be one of 1/0, on/off, yes/no, true/false");
                    }
                }
                case SELECT -> {
                    if (!p.choices().contains(v)) {
                        sink.add(0, path, key + " \"" + shown + "\" must be one of " + String.join(", ", p.choices()));
                    }
                }
                default -> {
                }
            }
        });
    }

    private static void required(Map<String, String> given, Map<String, AgentParameter> known, FenceDevice device,
                                 String where, String path, Sink sink) {
        for (AgentParameter p : known.values()) {
            if (p.required() && p.defaultValue().isEmpty() && !given.containsKey(p.name())) {
                sink.add(0, path, "fence device \"" + device.name() + "\" (agent " + device.agent()
                    + ") needs parameter " + p.name());
            }
        }
    }

    private record Ref(String node, String path, FenceDeviceRef device) {
    }

    private static List<Ref> refs(ClusterConfiguration config) {
        List<Ref> refs = new ArrayList<>();
        config.fenceMethods().forEach((node, methods) -> {
            String nodePath = nodePath(config, node);
            for (int m = 0; m < methods.size(); m++) {
                FenceMethod method = methods.get(m);
                String methodPath = indexed(nodePath + "/fence", "method", m, methods.size());
                for (int d = 0; d < method.devices().size(); d++) {
                    refs.add(new Ref(node, indexed(methodPath, "device", d, method.devices().size()),
                        method.devices().get(d)));
                }
            }
        });
        return refs;
    }

    /** Node names and ids unique, ids ≥ 1, votes ≥ 0: for a configuration made in code. */
    private static void nodes(ClusterConfiguration config, Sink sink) {
        List<NodeDefinition> nodes = config.nodes();
        Map<String, String> names = new HashMap<>();
        Map<Integer, String> ids = new HashMap<>();
        if (nodes.isEmpty()) {
            sink.add(0, "/cluster", "the cluster has no clusternodes");
        }
        if (config.name() == null || config.name().isBlank()) {
            sink.add(0, "/cluster", "the cluster has no name");
        }
        for (int i = 0; i < nodes.size(); i++) {
            NodeDefinition n = nodes.get(i);
            String path = indexed("/cluster/clusternodes", "clusternode", i, nodes.size());
            if (n.name() == null || n.name().isBlank()) {
                sink.add(0, path, "clusternode has no name");
            } else {
                String first = names.putIfAbsent(n.name().toLowerCase(Locale.ROOT), path);
                if (first != null) {
                    sink.add(0, path, "node name \"" + n.name() + "\" is already used by " + first);
                }
            }
            if (n.nodeId() < 1) {
                sink.add(0, path, "nodeid " + n.nodeId() + " must be 1 or more");
            } else {
                String first = ids.putIfAbsent(n.nodeId(), path);
                if (first != null) {
                    sink.add(0, path, "nodeid " + n.nodeId() + " is already used by " + first);
                }
            }
            if (n.votes() < 0) {
                sink.add(0, path, "votes " + n.votes() + " must be 0 or more");
            }
        }
    }

    /**
     * The checks across sections: fence methods name known devices; fence devices, failover
     * domains, shared resources and services have names, unique ones; domains name clusternodes,
     * a restricted domain has members; services name a known domain and known shared resources
     * and a valid recovery policy; flags and numbers are well written.
     *
     * @param config the configuration
     * @param sink   where problems go
     * @param lineOf element path → its line, 0 when unknown
     */
    static void references(ClusterConfiguration config, Sink sink, ToIntFunction<String> lineOf) {
        Sink at = (line, element, reason) -> sink.add(line > 0 ? line : lineOf.applyAsInt(element), element, reason);
        // fence devices
        List<FenceDevice> devices = config.fenceDevices();
        Map<String, String> deviceNames = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            FenceDevice d = devices.get(i);
            String path = indexed("/cluster/fencedevices", "fencedevice", i, devices.size());
            if (d.name().isBlank()) {
                at.add(0, path, "fencedevice has no name");
            } else {
                String first = deviceNames.putIfAbsent(d.name(), path);
                if (first != null) {
                    at.add(0, path, "fence device name \"" + d.name() + "\" is already used by " + first
                        + line(first, lineOf));
                }
            }
            if (d.agent().isBlank()) {
                at.add(0, path, "fencedevice" + quoted(d.name()) + " has no agent");
            }
        }
        // fence methods
        config.fenceMethods().forEach((node, methods) -> {
            String nodePath = nodePath(config, node);
            for (int m = 0; m < methods.size(); m++) {
                FenceMethod method = methods.get(m);
                String methodPath = indexed(nodePath + "/fence", "method", m, methods.size());
                for (int k = 0; k < method.devices().size(); k++) {
                    FenceDeviceRef ref = method.devices().get(k);
                    String path = indexed(methodPath, "device", k, method.devices().size());
                    if (ref.name().isBlank()) {
                        at.add(0, path, "device has no name: it must name a fencedevice");
                    } else if (!deviceNames.containsKey(ref.name())) {
                        at.add(0, path, "fence method \"" + method.name() + "\" of node \"" + node
                            + "\" names fence device \"" + ref.name() + "\", which is not in <fencedevices>");
                    }
                }
            }
        });
        // failover domains
        Set<String> nodeNames = new HashSet<>();
        config.nodes().forEach(n -> nodeNames.add(n.name()));
        List<FailoverDomain> domains = config.resourceManager().failoverDomains();
        Map<String, String> domainNames = new HashMap<>();
        for (int i = 0; i < domains.size(); i++) {
            FailoverDomain d = domains.get(i);
            String path = indexed("/cluster/rm/failoverdomains", "failoverdomain", i, domains.size());
            if (d.name().isBlank()) {
                at.add(0, path, "failoverdomain has no name");
            } else {
                String first = domainNames.putIfAbsent(d.name(), path);
                if (first != null) {
                    at.add(0, path, "failover domain name \"" + d.name() + "\" is already used by " + first
                        + line(first, lineOf));
                }
            }
            for (String flag : List.of("ordered", "restricted", "nofailback")) {
                flag(d.attributes(), flag, path, at);
            }
            if (d.restricted() && d.nodes().isEmpty()) {
                at.add(0, path, "failover domain" + quoted(d.name())
                    + " is restricted but has no nodes: its services could run nowhere");
            }
            Set<String> members = new HashSet<>();
            for (int k = 0; k < d.nodes().size(); k++) {
                FailoverDomainNode n = d.nodes().get(k);
                String nodePath = indexed(path, "failoverdomainnode", k, d.nodes().size());
                if (n.name().isBlank()) {
                    at.add(0, nodePath, "failoverdomainnode has no name");
                } else if (!nodeNames.contains(n.name())) {
                    at.add(0, nodePath, "failover domain" + quoted(d.name()) + " names node \"" + n.name()
                        + "\", which is not a clusternode");
                } else if (!members.add(n.name())) {
                    at.add(0, nodePath, "node \"" + n.name() + "\" is listed twice in failover domain"
                        + quoted(d.name()));
                }
                Optional.ofNullable(n.attributes().get("priority")).ifPresent(p -> {
                    if (!p.strip().matches("\\+?0*[1-9]\\d{0,8}")) {
                        at.add(0, nodePath, "priority \"" + p + "\" must be a whole number of 1 or more");
                    }
                });
            }
        }
        // shared resources
        List<ResourceDefinition> resources = config.resourceManager().resources();
        Map<String, String> resourceKeys = new HashMap<>();
        Map<String, Integer> typeCounts = counts(resources);
        Map<String, Integer> seen = new HashMap<>();
        for (ResourceDefinition r : resources) {
            int index = seen.merge(r.type(), 1, Integer::sum) - 1;
            String path = indexed("/cluster/rm/resources", r.type(), index, typeCounts.get(r.type()));
            String key = r.attributes().getOrDefault(r.keyAttribute(), "");
            if (r.ref().isPresent()) {
                at.add(0, path, "a shared resource cannot be a reference (ref=\"" + r.ref().get() + "\")");
            } else if (key.isBlank()) {
                at.add(0, path, r.type() + " resource has no " + r.keyAttribute()
                    + ": services refer to shared resources by it");
            } else {
                String first = resourceKeys.putIfAbsent(r.type() + "\u0000" + key, path);
                if (first != null) {
                    at.add(0, path, r.type() + " resource \"" + key + "\" is already defined by " + first
                        + line(first, lineOf));
                }
            }
        }
        // services
        List<ServiceDefinition> services = config.resourceManager().services();
        Map<String, String> serviceNames = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceDefinition s = services.get(i);
            String path = indexed("/cluster/rm", "service", i, services.size());
            if (s.name().isBlank()) {
                at.add(0, path, "service has no name");
            } else {
                String first = serviceNames.putIfAbsent(s.name(), path);
                if (first != null) {
                    at.add(0, path, "service name \"" + s.name() + "\" is already used by " + first
                        + line(first, lineOf));
                }
            }
            s.domain().ifPresent(d -> {
                if (!domainNames.containsKey(d)) {
                    at.add(0, path, "service" + quoted(s.name()) + " names failover domain \"" + d
                        + "\", which is not in <failoverdomains>");
                }
            });
            String recovery = s.attributes().get("recovery");
            if (recovery != null && !ServiceDefinition.RECOVERY_POLICIES.contains(recovery)) {
                at.add(0, path, "recovery \"" + recovery + "\" must be restart, relocate or disable");
            }
            flag(s.attributes(), "autostart", path, at);
            flag(s.attributes(), "exclusive", path, at);
            for (String number : List.of("max_restarts", "restart_expire_time")) {
                String v = s.attributes().get(number);
                if (v != null && (!WHOLE.matcher(v.strip()).matches() || v.strip().startsWith("-"))) {
                    at.add(0, path, number + " \"" + v + "\" must be a whole number of 0 or more");
                }
            }
            tree(s.name(), s.resources(), path, resourceKeys, at);
        }
    }

    private static void tree(String service, List<ResourceDefinition> children, String parentPath,
                             Map<String, String> resourceKeys, Sink at) {
        Map<String, Integer> counts = counts(children);
        Map<String, Integer> seen = new HashMap<>();
        for (ResourceDefinition r : children) {
            int index = seen.merge(r.type(), 1, Integer::sum) - 1;
            String path = indexed(parentPath, r.type(), index, counts.get(r.type()));
            r.ref().ifPresent(ref -> {
                if (!resourceKeys.containsKey(r.type() + "\u0000" + ref)) {
                    at.add(0, path, "service" + quoted(service) + " refers to " + r.type() + " resource \"" + ref
                        + "\", which is not in <resources>");
                }
            });
            tree(service, r.children(), path, resourceKeys, at);
        }
    }

    private static Map<String, Integer> counts(List<ResourceDefinition> resources) {
        Map<String, Integer> counts = new HashMap<>();
        resources.forEach(r -> counts.merge(r.type(), 1, Integer::sum));
        return counts;
    }

    private static void flag(Map<String, String> attributes, String flag, String path, Sink at) {
        String v = attributes.get(flag);
        if (v != null && !FLAGS.contains(v.strip())) {
            at.add(0, path, flag + " \"" + v + "\" must be 1 or 0");
        }
    }

    private static String nodePath(ClusterConfiguration config, String node) {
        List<NodeDefinition> nodes = config.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(node)) {
                return indexed("/cluster/clusternodes", "clusternode", i, nodes.size());
            }
        }
        return "/cluster/clusternodes/clusternode[@name='" + node + "']";
    }

    private static String line(String path, ToIntFunction<String> lineOf) {
        int line = lineOf.applyAsInt(path);
        return line > 0 ? " at line " + line : "";
    }

    private static String quoted(String name) {
        return name.isBlank() ? "" : " \"" + name + "\"";
    }

    /** A path step as XPath writes it: an index from 1 when the parent holds several of that name. */
    static String indexed(String parent, String name, int index, int count) {
        return parent + "/" + name + (count > 1 ? "[" + (index + 1) + "]" : "");
    }
}
