package org.vigil.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigElement;
import org.vigil.api.config.FailoverDomain;
import org.vigil.api.config.FailoverDomainNode;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.config.XmlLayout;

/**
 * Writes a {@link ClusterConfiguration} as RHCS {@code cluster.conf} XML. A configuration
 * read from a file is written back with the same elements, in the same order, with the same
 * attributes (in the same order, with the same spelling when the value did not change):
 * sections and attributes Vigil does not model are kept in the model ({@link XmlLayout},
 * the {@code extra} lists, the attribute maps) and written back. A value changed in the
 * model is written in Vigil's spelling; a value left at its default is not written unless
 * the file had it. Uses the JDK only. Passwords are written as they are: this is the form
 * for files and distribution, never for display.
 */
public final class ClusterConfWriter {

    private static final UnaryOperator<String> AS_IS = v -> v;
    private static final UnaryOperator<String> NUMBER = v -> {
        try {
            return new BigInteger(v.strip()).toString();
        } catch (NumberFormatException e) {
            return v;
        }
    };
    private static final UnaryOperator<String> WORDS = v -> String.join(" ", v.strip().split("\\s+"));

    /**
     * @param config a configuration
     * @return the document, UTF-8 XML with a declaration, indented by two spaces
     */
    public String write(ClusterConfiguration config) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n");
        serialize(toElement(config), 0, out);
        return out.toString();
    }

    /**
     * @param config a configuration
     * @return the document as a tree of elements
     */
    public ConfigElement toElement(ClusterConfiguration config) {
        XmlLayout layout = config.layout();
        Map<String, String> attributes = new LinkedHashMap<>(layout.clusterAttributes());
        set(attributes, "name", config.name(), null, AS_IS);
        set(attributes, "config_version", Long.toString(config.configVersion()), null, NUMBER);

        Map<String, List<ConfigElement>> known = new LinkedHashMap<>();
        Optional<ConfigElement> cman = section(layout, "cman");
        if (cman.isPresent() || !config.quorum().equals(QuorumSettings.defaults())) {
            known.put("cman", List.of(cman(config.quorum(), cman.orElse(ConfigElement.of("cman")))));
        }
        Optional<ConfigElement> totem = section(layout, "totem");
        if (totem.isPresent() || !config.totem().token().equals(Duration.ofMillis(ClusterConfReader.DEFAULT_TOKEN_MS))) {
            Map<String, String> a = new LinkedHashMap<>(totem.map(ConfigElement::attributes).orElse(Map.of()));
            set(a, "token", Long.toString(config.totem().token().toMillis()),
                Long.toString(ClusterConfReader.DEFAULT_TOKEN_MS), NUMBER);
            known.put("totem", List.of(new ConfigElement("totem", a,
                totem.map(ConfigElement::children).orElse(List.of()))));
        }
        if (config.quorumDisk().isPresent()) {
            known.put("quorumd", List.of(quorumd(config.quorumDisk().get(), config.nodes().size(),
                section(layout, "quorumd").orElse(ConfigElement.of("quorumd")))));
        }
        ConfigElement nodesMarker = section(layout, "clusternodes").orElse(ConfigElement.of("clusternodes"));
        List<ConfigElement> nodes = config.nodes().stream().map(n -> node(config, n)).toList();
        known.put("clusternodes", List.of(new ConfigElement("clusternodes", nodesMarker.attributes(),
            arrange(nodesMarker.children(), Map.of("clusternode", nodes)))));
        Optional<ConfigElement> devicesMarker = section(layout, "fencedevices");
        if (devicesMarker.isPresent() || !config.fenceDevices().isEmpty()) {
            ConfigElement marker = devicesMarker.orElse(ConfigElement.of("fencedevices"));
            List<ConfigElement> devices = config.fenceDevices().stream().map(ClusterConfWriter::device).toList();
            known.put("fencedevices", List.of(new ConfigElement("fencedevices", marker.attributes(),
                arrange(marker.children(), Map.of("fencedevice", devices)))));
        }
        if (section(layout, "rm").isPresent() || !config.resourceManager().isEmpty()) {
            known.put("rm", List.of(rm(config.resourceManager())));
        }
        return new ConfigElement("cluster", attributes, arrange(layout.sections(), known));
    }

    private static Optional<ConfigElement> section(XmlLayout layout, String name) {
        return layout.sections().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static ConfigElement cman(QuorumSettings q, ConfigElement raw) {
        Map<String, String> a = new LinkedHashMap<>(raw.attributes());
        set(a, "expected_votes", q.expectedVotes().isPresent() ? Integer.toString(q.expectedVotes().getAsInt()) : null,
            null, NUMBER);
        set(a, "two_node", flag(q.twoNode()), "0", AS_IS);
        set(a, "wait_for_all", flag(q.waitForAll()), flag(q.twoNode()), AS_IS);
        set(a, "last_man_standing", flag(q.lastManStanding()), "0", AS_IS);
        set(a, "last_man_standing_window", Long.toString(q.lastManStandingWindow().toMillis()),
            Long.toString(ClusterConfReader.DEFAULT_LAST_MAN_STANDING_WINDOW_MS), NUMBER);
        set(a, "auto_tie_breaker", flag(q.autoTieBreaker()), "0", AS_IS);
        String tieBreaker = q.tieBreakerHighest() ? "highest" : q.tieBreakerNodes().isEmpty() ? "lowest"
            : q.tieBreakerNodes().stream().map(String::valueOf).collect(Collectors.joining(" "));
        set(a, "auto_tie_breaker_node", tieBreaker, "lowest", WORDS);
        return new ConfigElement("cman", a, raw.children());
    }

    private static ConfigElement quorumd(QuorumDiskSettings d, int nodeCount, ConfigElement raw) {
        Map<String, String> a = new LinkedHashMap<>(raw.attributes());
        set(a, "device", d.device(), null, AS_IS);
        set(a, "label", d.label(), "", AS_IS);
        set(a, "votes", Integer.toString(d.votes()), Integer.toString(Math.max(nodeCount - 1, 0)), NUMBER);
        set(a, "interval", Long.toString(d.interval().toSeconds()),
            Integer.toString(ClusterConfReader.DEFAULT_QDISK_INTERVAL_S), NUMBER);
        set(a, "tko", Integer.toString(d.tko()), Integer.toString(ClusterConfReader.DEFAULT_QDISK_TKO), NUMBER);
        return new ConfigElement("quorumd", a, raw.children());
    }

    private static ConfigElement node(ClusterConfiguration config, NodeDefinition n) {
        ConfigElement raw = config.layout().nodes().getOrDefault(n.name(), ConfigElement.of("clusternode"));
        Map<String, String> a = new LinkedHashMap<>(raw.attributes());
        set(a, "name", n.name(), null, AS_IS);
        set(a, "nodeid", Integer.toString(n.nodeId()), null, NUMBER);
        set(a, "votes", Integer.toString(n.votes()), Integer.toString(ClusterConfReader.DEFAULT_NODE_VOTES), NUMBER);
        set(a, "address", n.address(), n.name(), AS_IS);
        set(a, "port", n.port().isPresent() ? Integer.toString(n.port().getAsInt()) : null, null, NUMBER);
        List<FenceMethod> methods = config.fenceMethods(n.name());
        Optional<ConfigElement> fenceMarker = raw.children().stream().filter(c -> c.name().equals("fence")).findFirst();
        Map<String, List<ConfigElement>> known = new HashMap<>();
        if (fenceMarker.isPresent() || !methods.isEmpty()) {
            ConfigElement marker = fenceMarker.orElse(ConfigElement.of("fence"));
            known.put("fence", List.of(new ConfigElement("fence", marker.attributes(), arrange(marker.children(),
                Map.of("method", methods.stream().map(ClusterConfWriter::method).toList())))));
        }
        return new ConfigElement("clusternode", a, arrange(raw.children(), known));
    }

    private static ConfigElement method(FenceMethod m) {
        return new ConfigElement("method", m.attributes(), arrange(m.extra(),
            Map.of("device", m.devices().stream().map(ClusterConfWriter::deviceRef).toList())));
    }

    private static ConfigElement deviceRef(FenceDeviceRef d) {
        return new ConfigElement("device", d.attributes(), d.extra());
    }

    private static ConfigElement device(FenceDevice d) {
        return new ConfigElement("fencedevice", d.attributes(), d.extra());
    }

    private static ConfigElement rm(ResourceManager rm) {
        Map<String, List<ConfigElement>> known = new LinkedHashMap<>();
        Optional<ConfigElement> domainsMarker = marker(rm.extra(), "failoverdomains");
        if (domainsMarker.isPresent() || !rm.failoverDomains().isEmpty()) {
            ConfigElement marker = domainsMarker.orElse(ConfigElement.of("failoverdomains"));
            known.put("failoverdomains", List.of(new ConfigElement("failoverdomains", marker.attributes(),
                arrange(marker.children(), Map.of("failoverdomain",
                    rm.failoverDomains().stream().map(ClusterConfWriter::domain).toList())))));
        }
        Optional<ConfigElement> resourcesMarker = marker(rm.extra(), "resources");
        if (resourcesMarker.isPresent() || !rm.resources().isEmpty()) {
            known.put("resources", List.of(new ConfigElement("resources",
                resourcesMarker.map(ConfigElement::attributes).orElse(Map.of()),
                rm.resources().stream().map(ClusterConfWriter::resource).toList())));
        }
        known.put("service", rm.services().stream().map(ClusterConfWriter::service).toList());
        return new ConfigElement("rm", rm.attributes(), arrange(rm.extra(), known));
    }

    private static Optional<ConfigElement> marker(List<ConfigElement> extra, String name) {
        return extra.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private static ConfigElement domain(FailoverDomain d) {
        return new ConfigElement("failoverdomain", d.attributes(), arrange(d.extra(), Map.of("failoverdomainnode",
            d.nodes().stream().map(ClusterConfWriter::domainNode).toList())));
    }

    private static ConfigElement domainNode(FailoverDomainNode n) {
        return new ConfigElement("failoverdomainnode", n.attributes(), n.extra());
    }

    private static ConfigElement service(ServiceDefinition s) {
        return new ConfigElement("service", s.attributes(), s.resources().stream().map(ClusterConfWriter::resource).toList());
    }

    private static ConfigElement resource(ResourceDefinition r) {
        return new ConfigElement(r.type(), r.attributes(), r.children().stream().map(ClusterConfWriter::resource).toList());
    }

    /**
     * Puts modelled children where the layout's markers say, unmodelled ones as written, and
     * modelled children without a marker after the rest, in the order of {@code known}.
     */
    static List<ConfigElement> arrange(List<ConfigElement> layout, Map<String, List<ConfigElement>> known) {
        Map<String, Iterator<ConfigElement>> next = new LinkedHashMap<>();
        known.forEach((name, items) -> next.put(name, items.iterator()));
        List<ConfigElement> out = new ArrayList<>();
        for (ConfigElement e : layout) {
            Iterator<ConfigElement> items = next.get(e.name());
            if (items == null) {
                out.add(e);
            } else if (items.hasNext()) {
                out.add(items.next());
            }
        }
        next.values().forEach(items -> items.forEachRemaining(out::add));
        return out;
    }

    /**
     * Sets a modelled attribute over the attributes as written: a value equal to what is
     * written keeps its spelling; a value at its default that is not written stays unwritten;
     * {@code null} removes the attribute.
     */
    private static void set(Map<String, String> attributes, String key, String value, String byDefault,
                            UnaryOperator<String> normalize) {
        String written = attributes.get(key);
        if (value == null) {
            attributes.remove(key);
        } else if (written != null && value.equals(normalize.apply(written))) {
            return;
        } else if (written == null && value.equals(byDefault)) {
            return;
        } else {
            attributes.put(key, value);
        }
    }

    private static String flag(boolean on) {
        return on ? "1" : "0";
    }

    private static void serialize(ConfigElement e, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append('<').append(e.name());
        e.attributes().forEach((k, v) -> out.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        if (e.children().isEmpty()) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        e.children().forEach(c -> serialize(c, depth + 1, out));
        out.append("  ".repeat(depth)).append("</").append(e.name()).append(">\n");
    }

    private static String escape(String v) {
        StringBuilder s = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\n' -> s.append("&#10;");
                case '\r' -> s.append("&#13;");
                case '\t' -> s.append("&#9;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
