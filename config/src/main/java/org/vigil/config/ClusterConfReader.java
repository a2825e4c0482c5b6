package org.vigil.config;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigElement;
import org.vigil.api.config.FailoverDomain;
import org.vigil.api.config.FailoverDomainNode;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.config.XmlLayout;
import org.vigil.api.config.ConfigurationException;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.TotemSettings;

/**
 * Reads an RHCS {@code cluster.conf} into a {@link ClusterConfiguration}, or refuses it with
 * every problem found (file, line, element path, reason), including the cross-references
 * {@link ConfigValidator#references} checks. Sections Vigil does not model (logging,
 * fence_daemon, ...) and attributes it does not know are kept in the model as written.
 */
public final class ClusterConfReader {

    static final int DEFAULT_NODE_VOTES = 1;
    static final long DEFAULT_LAST_MAN_STANDING_WINDOW_MS = 10_000;
    static final long DEFAULT_TOKEN_MS = 500;
    static final int DEFAULT_QDISK_INTERVAL_S = 1;
    static final int DEFAULT_QDISK_TKO = 10;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    private static final long MAX_INT = Integer.MAX_VALUE;

    /**
     * @param file the file to read
     * @return the configuration it holds
     * @throws ConfigurationException when the file is missing, unreadable or refused
     */
    public ClusterConfiguration read(Path file) throws ConfigurationException {
        String source = file.toString();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw Problems.single(source, 0, "/", "file not found");
        } catch (AccessDeniedException e) {
            throw Problems.single(source, 0, "/", "cannot read the file: permission denied");
        } catch (FileSystemException e) {
            throw Problems.single(source, 0, "/", "cannot read the file: "
                + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw Problems.single(source, 0, "/", "cannot read the file: " + e.getMessage());
        }
        return read(source, content);
    }

    /**
     * @param source what to call the document in problems (a path, or where it came from)
     * @param in     the document; read to its end, not closed
     * @return the configuration it holds
     * @throws ConfigurationException when it cannot be read or is refused
     */
    public ClusterConfiguration read(String source, InputStream in) throws ConfigurationException {
        try {
            return read(source, in.readAllBytes());
        } catch (IOException e) {
            throw Problems.single(source, 0, "/", "cannot read the document: " + e.getMessage());
        }
    }

    /**
     * @param source  what to call the document in problems
     * @param content the document's bytes
     * @return the configuration it holds
     * @throws ConfigurationException when it is refused
     */
    public ClusterConfiguration read(String source, byte[] content) throws ConfigurationException {
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw Problems.single(source, 0, "/", "the file is empty");
        }
        XmlElement root;
        try {
            root = SafeXmlParser.parse(content);
        } catch (SafeXmlParser.MalformedXmlException e) {
            throw Problems.single(source, e.line(), e.element(), e.getMessage());
        }
        Problems problems = new Problems(source);
        if (!root.name().equals("cluster")) {
            problems.add(root, "the root element is <" + root.name() + ">; a cluster.conf starts with <cluster>");
            throw problems.exception();
        }
        ClusterConfiguration configuration = new Mapping(root, problems).configuration();
        if (!problems.isEmpty()) {
            throw problems.exception();
        }
        return configuration;
    }

    /** Maps one {@code <cluster>} element, recording every problem on the way. */
    private static final class Mapping {
        private final XmlElement cluster;
        private final Problems problems;

        Mapping(XmlElement cluster, Problems problems) {
            this.cluster = cluster;
            this.problems = problems;
        }

        ClusterConfiguration configuration() {
            String name = clusterName();
            long configVersion = configVersion();
            Optional<XmlElement> nodesSection = single(cluster, "clusternodes");
            List<XmlElement> nodeElements = nodesSection.map(s -> s.children("clusternode")).orElse(List.of());
            List<NodeDefinition> nodes = nodes(nodeElements);
            QuorumSettings quorum = quorum(nodeElements.size(), nodes);
            TotemSettings totem = totem();
            Optional<QuorumDiskSettings> quorumDisk = quorumDisk(nodeElements.size());
            Map<String, List<FenceMethod>> fenceMethods = new LinkedHashMap<>();
            Map<String, ConfigElement> nodeLayouts = new HashMap<>();
            for (XmlElement e : nodeElements) {
                nodeLayout(e, fenceMethods, nodeLayouts);
            }
            List<FenceDevice> fenceDevices = new ArrayList<>();
            single(cluster, "fencedevices").ifPresent(s -> s.children("fencedevice")
                .forEach(d -> fenceDevices.add(new FenceDevice(d.attributes(), raw(d.children())))));
            ResourceManager rm = single(cluster, "rm").map(Mapping::resourceManager).orElse(ResourceManager.empty());
            List<ConfigElement> sections = new ArrayList<>();
            for (XmlElement c : cluster.children()) {
                switch (c.name()) {
                    case "clusternodes" -> sections.add(container(c, "clusternode"));
                    case "fencedevices" -> sections.add(container(c, "fencedevice"));
                    case "rm" -> sections.add(ConfigElement.of("rm"));
                    default -> sections.add(raw(c));
                }
            }
            knownChildrenOnly();
            XmlLayout layout = new XmlLayout(cluster.attributes(), sections, nodeLayouts);
            ClusterConfiguration configuration = new ClusterConfiguration(name, configVersion, nodes, quorum, totem,
                quorumDisk, fenceMethods, fenceDevices, rm, layout);
            Map<String, Integer> lines = new HashMap<>();
            lines(cluster, lines);
            ConfigValidator.references(configuration, problems::add, path -> lines.getOrDefault(path, 0));
            return configuration;
        }

        /**
         * Sections whose children RHCS fixes refuse any other element (a misspelt {@code <clusternod>}
         * would otherwise be kept silently and the node would be missing); elsewhere unknown
         * elements are kept as written.
         */
        private void knownChildrenOnly() {
            cluster.children("clusternodes").forEach(nodes -> {
                only(nodes, Set.of("clusternode"));
                for (XmlElement node : nodes.children("clusternode")) {
                    only(node, Set.of("fence", "unfence", "altname", "multicast"));
                    for (XmlElement fence : node.children("fence")) {
                        only(fence, Set.of("method"));
                        fence.children("method").forEach(m -> only(m, Set.of("device")));
                    }
                    node.children("unfence").forEach(u -> only(u, Set.of("device")));
                }
            });
            cluster.children("fencedevices").forEach(d -> only(d, Set.of("fencedevice")));
            cluster.children("rm").forEach(rm -> rm.children("failoverdomains").forEach(domains -> {
                only(domains, Set.of("failoverdomain"));
                domains.children("failoverdomain").forEach(d -> only(d, Set.of("failoverdomainnode")));
            }));
        }

        private void only(XmlElement parent, Set<String> allowed) {
            for (XmlElement c : parent.children()) {
                if (!allowed.contains(c.name())) {
                    problems.add(c, "<" + c.name() + "> is not allowed in <" + parent.name() + ">: only "
                        + allowed.stream().sorted().map(a -> "<" + a + ">").collect(Collectors.joining(", ")));
                }
            }
        }

        private static void lines(XmlElement e, Map<String, Integer> lines) {
            lines.put(e.path(), e.line());
            e.children().forEach(c -> lines(c, lines));
        }

        private static void nodeLayout(XmlElement e, Map<String, List<FenceMethod>> fenceMethods,
                                       Map<String, ConfigElement> nodeLayouts) {
            Optional<String> name = e.attribute("name").filter(n -> !n.isBlank());
            if (name.isEmpty()) {
                return;
            }
            List<ConfigElement> children = new ArrayList<>();
            List<FenceMethod> methods = new ArrayList<>();
            for (XmlElement c : e.children()) {
                if (c.name().equals("fence")) {
                    List<ConfigElement> inFence = new ArrayList<>();
                    for (XmlElement m : c.children()) {
                        if (m.name().equals("method")) {
                            methods.add(method(m));
                            inFence.add(ConfigElement.of("method"));
                        } else {
                            inFence.add(raw(m));
                        }
                    }
                    children.add(new ConfigElement("fence", c.attributes(), inFence));
                } else {
                    children.add(raw(c));
                }
            }
            if (!methods.isEmpty()) {
                fenceMethods.putIfAbsent(name.get(), methods);
            }
            nodeLayouts.putIfAbsent(name.get(), new ConfigElement("clusternode", e.attributes(), children));
        }

        private static FenceMethod method(XmlElement m) {
            List<FenceDeviceRef> devices = new ArrayList<>();
            List<ConfigElement> extra = new ArrayList<>();
            for (XmlElement d : m.children()) {
                if (d.name().equals("device")) {
                    devices.add(new FenceDeviceRef(d.attributes(), raw(d.children())));
                    extra.add(ConfigElement.of("device"));
                } else {
                    extra.add(raw(d));
                }
            }
            return new FenceMethod(m.attributes(), devices, extra);
        }

        private static ResourceManager resourceManager(XmlElement rm) {
            List<FailoverDomain> domains = new ArrayList<>();
            List<ResourceDefinition> resources = new ArrayList<>();
            List<ServiceDefinition> services = new ArrayList<>();
            List<ConfigElement> extra = new ArrayList<>();
            for (XmlElement c : rm.children()) {
                switch (c.name()) {
                    case "failoverdomains" -> {
                        extra.add(container(c, "failoverdomain"));
                        c.children("failoverdomain").forEach(d -> domains.add(domain(d)));
                    }
                    case "resources" -> {
                        extra.add(new ConfigElement("resources", c.attributes(), List.of()));
                        c.children().forEach(r -> resources.add(resource(r)));
                    }
                    case "service" -> {
                        extra.add(ConfigElement.of("service"));
                        services.add(new ServiceDefinition(c.attributes(),
                            c.children().stream().map(Mapping::resource).toList()));
                    }
                    default -> extra.add(raw(c));
                }
            }
            return new ResourceManager(rm.attributes(), domains, resources, services, extra);
        }

        private static FailoverDomain domain(XmlElement d) {
            List<FailoverDomainNode> nodes = new ArrayList<>();
            List<ConfigElement> extra = new ArrayList<>();
            for (XmlElement c : d.children()) {
                if (c.name().equals("failoverdomainnode")) {
                    nodes.add(new FailoverDomainNode(c.attributes(), raw(c.children())));
                    extra.add(ConfigElement.of("failoverdomainnode"));
                } else {
                    extra.add(raw(c));
                }
            }
            return new FailoverDomain(d.attributes(), nodes, extra);
        }

        private static ResourceDefinition resource(XmlElement r) {
            return new ResourceDefinition(r.name(), r.attributes(), r.children().stream().map(Mapping::resource).toList());
        }

        /** A container: its attributes, its items as place markers, other children as written. */
        private static ConfigElement container(XmlElement c, String item) {
            return new ConfigElement(c.name(), c.attributes(), c.children().stream()
                .map(x -> x.name().equals(item) ? ConfigElement.of(item) : raw(x)).toList());
        }

        private static ConfigElement raw(XmlElement e) {
            return new ConfigElement(e.name(), e.attributes(), raw(e.children()));
        }

        private static List<ConfigElement> raw(List<XmlElement> elements) {
            return elements.stream().map(Mapping::raw).toList();
        }

        private String clusterName() {
            Optional<String> name = cluster.attribute("name");
            if (name.isEmpty()) {
                problems.add(cluster, "the cluster has no name");
                return "";
            }
            if (name.get().isBlank()) {
                problems.add(cluster, "name", "the cluster name is empty");
            }
            return name.get();
        }

        private long configVersion() {
            if (cluster.attribute("config_version").isEmpty()) {
                problems.add(cluster, "the cluster has no config_version");
                return 0;
            }
            return number(cluster, "config_version", 0, Long.MAX_VALUE).orElse(0);
        }

        private List<NodeDefinition> nodes(List<XmlElement> elements) {
            List<NodeDefinition> nodes = new ArrayList<>();
            Map<String, XmlElement> byName = new HashMap<>();
            Map<Long, XmlElement> byId = new HashMap<>();
            Map<String, XmlElement> byEndpoint = new HashMap<>();
            for (XmlElement e : elements) {
                Optional<String> name = e.attribute("name");
                if (name.isEmpty()) {
                    problems.add(e, "clusternode has no name");
                } else if (name.get().isBlank()) {
                    problems.add(e, "name", "the clusternode name is empty");
                    name = Optional.empty();
                }
                OptionalLong nodeId = OptionalLong.empty();
                if (e.attribute("nodeid").isEmpty()) {
                    problems.add(e, name.map(n -> "clusternode \"" + n + "\" has no nodeid").orElse("clusternode has no nodeid"));
                } else {
                    nodeId = number(e, "nodeid", 1, MAX_INT);
                }
                OptionalLong votes = number(e, "votes", 0, MAX_INT);
                Optional<String> address = e.attribute("address");
                if (address.isPresent() && address.get().isBlank()) {
                    problems.add(e, "address", "address is empty: leave it out to use the node name");
                    address = Optional.empty();
                }
                OptionalLong port = number(e, "port", 1, 65535);

                if (name.isPresent()) {
                    XmlElement first = byName.putIfAbsent(name.get().toLowerCase(Locale.ROOT), e);
                    if (first != null) {
                        String firstName = first.attribute("name").orElseThrow();
                        problems.add(e, "name", "node name \"" + name.get() + "\" is already used by " + first.path()
                            + " at line " + first.line()
                            + (firstName.equals(name.get()) ? "" : " (as \"" + firstName + "\": node names ignore case)"));
                    }
                }
                if (nodeId.isPresent()) {
                    XmlElement first = byId.putIfAbsent(nodeId.getAsLong(), e);
                    if (first != null) {
                        problems.add(e, "nodeid", "nodeid " + nodeId.getAsLong() + " is already used by " + first.path()
                            + first.attribute("name").map(n -> " \"" + n + "\"").orElse("") + " at line " + first.line());
                    }
                }
                if (address.isPresent() && port.isPresent()) {
                    XmlElement first = byEndpoint.putIfAbsent(address.get() + ":" + port.getAsLong(), e);
                    if (first != null) {
                        problems.add(e, "port", "address " + address.get() + " port " + port.getAsLong()
                            + " is already used by " + first.path() + " at line " + first.line());
                    }
                }
                if (name.isPresent() && nodeId.isPresent()) {
                    nodes.add(new NodeDefinition(name.get(), (int) nodeId.getAsLong(),
                        (int) votes.orElse(DEFAULT_NODE_VOTES), address.orElse(name.get()),
                        port.isPresent() ? OptionalInt.of((int) port.getAsLong()) : OptionalInt.empty()));
                }
            }
            return nodes;
        }

        private QuorumSettings quorum(int nodeCount, List<NodeDefinition> nodes) {
            Optional<XmlElement> section = single(cluster, "cman");
            if (section.isEmpty()) {
                return QuorumSettings.defaults();
            }
            XmlElement cman = section.get();
            OptionalLong expected = number(cman, "expected_votes", 1, MAX_INT);
            boolean twoNode = flag(cman, "two_node").orElse(false);
            // votequorum: two_node turns wait_for_all on unless it is set explicitly
            boolean waitForAll = flag(cman, "wait_for_all").orElse(twoNode);
            boolean lastManStanding = flag(cman, "last_man_standing").orElse(false);
            long window = number(cman, "last_man_standing_window", 1, MAX_INT).orElse(DEFAULT_LAST_MAN_STANDING_WINDOW_MS);
            boolean autoTieBreaker = flag(cman, "auto_tie_breaker").orElse(false);
            List<Integer> tieBreakerNodes = List.of();
            boolean tieBreakerHighest = false;
            Optional<String> tieBreaker = cman.attribute("auto_tie_breaker_node");
            if (tieBreaker.isPresent()) {
                String value = tieBreaker.get().strip();
                if (value.equals("highest")) {
                    tieBreakerHighest = true;
                } else if (!value.equals("lowest")) {
                    tieBreakerNodes = tieBreakerNodes(cman, tieBreaker.get(), nodes);
                }
            }
            if (twoNode && nodeCount != 2) {
                problems.add(cman, "two_node", "two_node=\"1\" needs exactly 2 clusternodes; this cluster has " + nodeCount);
            }
            return new QuorumSettings(expected.isPresent() ? OptionalInt.of((int) expected.getAsLong()) : OptionalInt.empty(),
                twoNode, waitForAll, lastManStanding, Duration.ofMillis(window), autoTieBreaker, tieBreakerNodes,
                tieBreakerHighest);
        }

        private List<Integer> tieBreakerNodes(XmlElement cman, String raw, List<NodeDefinition> nodes) {
            String[] words = raw.strip().split("\\s+");
            List<Integer> ids = new ArrayList<>();
            for (String word : words) {
                OptionalLong id = parse(word, 1, MAX_INT);
                if (id.isEmpty()) {
                    problems.add(cman, "auto_tie_breaker_node", "auto_tie_breaker_node \"" + raw
                        + "\" must be lowest, highest, or node ids separated by spaces");
                    return List.of();
                }
                ids.add((int) id.getAsLong());
            }
            Set<Integer> known = new HashSet<>();
            nodes.forEach(n -> known.add(n.nodeId()));
            for (int id : ids) {
                if (!known.contains(id)) {
                    problems.add(cman, "auto_tie_breaker_node",
                        "auto_tie_breaker_node names node id " + id + ", which no clusternode has");
                }
            }
            return ids;
        }

        private TotemSettings totem() {
            Optional<XmlElement> totem = single(cluster, "totem");
            if (totem.isEmpty()) {
                return TotemSettings.defaults();
            }
            return new TotemSettings(Duration.ofMillis(number(totem.get(), "token", 1, MAX_INT).orElse(DEFAULT_TOKEN_MS)));
        }

        private Optional<QuorumDiskSettings> quorumDisk(int nodeCount) {
            Optional<XmlElement> section = single(cluster, "quorumd");
            if (section.isEmpty()) {
                return Optional.empty();
            }
            XmlElement quorumd = section.get();
            Optional<String> device = quorumd.attribute("device").filter(d -> !d.isBlank());
            if (device.isEmpty()) {
                problems.add(quorumd, "quorumd has no device: Vigil needs the path of the shared disk or file"
                    + " (it does not search disks by label)");
            }
            // qdiskd's default: enough votes for one node plus the disk to outvote all others
            long votes = number(quorumd, "votes", 0, MAX_INT).orElse(Math.max(nodeCount - 1, 0));
            long interval = number(quorumd, "interval", 1, MAX_INT).orElse(DEFAULT_QDISK_INTERVAL_S);
            long tko = number(quorumd, "tko", 1, MAX_INT).orElse(DEFAULT_QDISK_TKO);
            return Optional.of(new QuorumDiskSettings(device.orElse(""), quorumd.attribute("label").orElse(""),
                (int) votes, Duration.ofSeconds(interval), (int) tko));
        }

        /** The one child of that name; a second one is a problem. */
        private Optional<XmlElement> single(XmlElement parent, String name) {
            List<XmlElement> found = parent.children(name);
            for (XmlElement extra : found.subList(Math.min(1, found.size()), found.size())) {
                problems.add(extra, "<" + name + "> is given more than once (first at line " + found.get(0).line()
                    + "); a cluster.conf has one");
            }
            return found.stream().findFirst();
        }

        /**
         * @return the attribute's value; empty when it is not written, or when it is not a
         *         whole number in [min, max] (a problem is recorded then)
         */
        private OptionalLong number(XmlElement e, String attribute, long min, long max) {
            Optional<String> raw = e.attribute(attribute);
            if (raw.isEmpty()) {
                return OptionalLong.empty();
            }
            String value = raw.get().strip();
            if (!WHOLE_NUMBER.matcher(value).matches()) {
                problems.add(e, attribute, attribute + " \"" + raw.get() + "\" is not a whole number");
                return OptionalLong.empty();
            }
            OptionalLong parsed = parse(value, min, max);
            if (parsed.isEmpty()) {
                boolean unbounded = max == MAX_INT || max == Long.MAX_VALUE;
                String range = !unbounded ? "between " + min + " and " + max
                    : new BigInteger(value).compareTo(BigInteger.valueOf(min)) < 0 ? min + " or more" : "at most " + max;
                problems.add(e, attribute, attribute + " \"" + raw.get() + "\" must be " + range);
            }
            return parsed;
        }

        /** @return {@code "1"} as true, {@code "0"} as false; empty when not written or not 1/0 (a problem then) */
        private Optional<Boolean> flag(XmlElement e, String attribute) {
            Optional<String> raw = e.attribute(attribute);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            switch (raw.get().strip()) {
                case "1":
                    return Optional.of(true);
                case "0":
                    return Optional.of(false);
                default:
                    problems.add(e, attribute, attribute + " \"" + raw.get() + "\" must be 1 or 0");
                    return Optional.empty();
            }
        }
    }

    /** @return the whole number written, if it is one within [min, max] */
    private static OptionalLong parse(String value, long min, long max) {
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            return OptionalLong.empty();
        }
        BigInteger n = new BigInteger(value);
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(n.longValue());
    }
}
