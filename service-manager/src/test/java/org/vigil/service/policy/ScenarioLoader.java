package org.vigil.service.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigurationException;
import org.vigil.api.config.FailoverDomain;
import org.vigil.api.config.FailoverDomainNode;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.config.TotemSettings;
import org.vigil.api.config.XmlLayout;
import org.vigil.api.service.ServiceState;
import org.vigil.config.ClusterConfReader;

/**
 * Reads a scenario file (format in the module's README.md). Every error names the file, the
 * line and what is wrong.
 */
final class ScenarioLoader {

    private static final Set<String> SECTIONS = Set.of("config", "cluster.conf", "state", "previous", "requests",
        "expect actions", "expect table", "expect requests");

    private final String file;
    private int lineNo;

    private ScenarioLoader(String file) {
        this.file = file;
    }

    static Scenario load(Path path) throws IOException {
        return new ScenarioLoader(path.getFileName().toString()).parse(Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    private Scenario parse(List<String> lines) {
        StringBuilder description = new StringBuilder();
        Map<String, List<String[]>> sections = new LinkedHashMap<>();
        String current = null;
        boolean header = true;
        lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (header && line.startsWith("#")) {
                description.append(line.substring(1).strip()).append('\n');
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                header = false;
                current = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                if (!SECTIONS.contains(current)) {
                    throw error("unknown section [" + current + "]; known: " + new TreeSet<>(SECTIONS));
                }
                if (sections.containsKey(current)) {
                    throw error("section [" + current + "] appears twice");
                }
                sections.put(current, new ArrayList<>());
                continue;
            }
            if (current != null && current.equals("cluster.conf")) {
                sections.get(current).add(new String[] {raw, Integer.toString(lineNo)});
                continue;
            }
            int hash = line.indexOf(" #");
            if (line.startsWith("#")) {
                continue;
            }
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            header = false;
            if (current == null) {
                throw error("text before the first section: '" + line + "'");
            }
            sections.get(current).add(new String[] {line, Integer.toString(lineNo)});
        }
        if (sections.containsKey("config") == sections.containsKey("cluster.conf")) {
            throw new IllegalArgumentException(file + ": needs exactly one of [config] and [cluster.conf]");
        }
        for (String needed : List.of("expect actions", "expect table")) {
            if (!sections.containsKey(needed)) {
                throw new IllegalArgumentException(file + ": section [" + needed + "] is missing (leave it empty for none)");
            }
        }
        ClusterConfiguration config = sections.containsKey("config") ? compactConfig(sections.get("config"))
            : clusterConf(sections.get("cluster.conf"));
        Set<String> nodeNames = new LinkedHashSet<>();
        config.nodes().forEach(n -> nodeNames.add(n.name()));

        // state
        Set<String> members = new LinkedHashSet<>(nodeNames);
        boolean quorate = true;
        Set<String> fenced = new TreeSet<>();
        Set<String> shuttingDown = new TreeSet<>();
        Set<String> unreported = new TreeSet<>();
        Instant now = Instant.ofEpochSecond(1000);
        Map<String, Map<String, ReportedService>> reports = new LinkedHashMap<>();
        for (String[] l : sections.getOrDefault("state", List.of())) {
            lineNo = Integer.parseInt(l[1]);
            String[] kv = keyValue(l[0]);
            switch (kv[0]) {
                case "members" -> members = nodes(kv[1], nodeNames);
                case "quorate" -> quorate = yesNo(kv[1]);
                case "fenced" -> fenced = nodes(kv[1], nodeNames);
                case "shutting-down" -> shuttingDown = nodes(kv[1], nodeNames);
                case "unreported" -> unreported = nodes(kv[1], nodeNames);
                case "now" -> now = Instant.ofEpochSecond(number(kv[1]));
                default -> {
                    if (!nodeNames.contains(kv[0])) {
                        throw error("expected members:, quorate:, fenced:, shutting-down:, unreported:, now: or a node's report "
                            + "(NODE: service=state ...), got '" + kv[0] + "'");
                    }
                    reports.put(kv[0], reportedServices(kv[1]));
                }
            }
        }
        Map<String, NodeReport> nodeReports = new LinkedHashMap<>();
        for (String m : members) {
            if (!unreported.contains(m)) {
                nodeReports.put(m, new NodeReport(m, reports.getOrDefault(m, Map.of())));
            }
        }
        for (String n : reports.keySet()) {
            if (!members.contains(n)) {
                nodeReports.put(n, new NodeReport(n, reports.get(n)));
            }
        }

        // previous table
        boolean locked = false;
        Set<String> prevMembers = members;
        Map<String, ServiceEntry> prev = new LinkedHashMap<>();
        for (String[] l : sections.getOrDefault("previous", List.of())) {
            lineNo = Integer.parseInt(l[1]);
            if (l[0].equals("locked")) {
                locked = true;
            } else if (l[0].startsWith("members:")) {
                String v = l[0].substring("members:".length()).strip();
                prevMembers = v.equals("none") ? Set.of() : nodes(v, nodeNames);
            } else {
                ServiceEntry e = entry(l[0]);
                prev.put(e.name(), e);
            }
        }

        List<OperatorRequest> requests = new ArrayList<>();
        for (String[] l : sections.getOrDefault("requests", List.of())) {
            lineNo = Integer.parseInt(l[1]);
            requests.add(request(l[0]));
        }

        List<String> expectedActions = new ArrayList<>();
        for (String[] l : sections.get("expect actions")) {
            lineNo = Integer.parseInt(l[1]);
            if (!l[0].matches("(stop|start) \\S+ on \\S+(: .*)?|migrate \\S+ from \\S+ to \\S+(: .*)?"
                + "|mark \\S+ (started|starting|stopping|stopped|disabled|failed|recovering)(: .*)?")) {
                throw error("not an action: '" + l[0] + "' (stop S on N | start S on N | migrate S from N to M | "
                    + "mark S STATE, each optionally followed by ': reason fragment')");
            }
            expectedActions.add(l[0]);
        }
        List<String> expectedTable = new ArrayList<>();
        List<String[]> why = new ArrayList<>();
        for (String[] l : sections.get("expect table")) {
            lineNo = Integer.parseInt(l[1]);
            if (l[0].equals("locked")) {
                expectedTable.add("locked");
            } else if (l[0].startsWith("why ")) {
                int c = l[0].indexOf(':');
                if (c < 0) {
                    throw error("expected 'why SERVICE: fragment'");
                }
                why.add(new String[] {l[0].substring(4, c).strip(), l[0].substring(c + 1).strip()});
            } else {
                expectedTable.add(entry(l[0]).toString());
            }
        }
        List<String> expectedRequests = new ArrayList<>();
        for (String[] l : sections.getOrDefault("expect requests", List.of())) {
            lineNo = Integer.parseInt(l[1]);
            if (!l[0].matches(".+ -> (accepted|refused)(: .*)?")) {
                throw error("expected 'REQUEST -> accepted|refused[: fragment]'");
            }
            expectedRequests.add(l[0]);
        }
        if (sections.containsKey("expect requests") && expectedRequests.size() != requests.size()) {
            throw new IllegalArgumentException(file + ": " + requests.size() + " requests but "
                + expectedRequests.size() + " lines in [expect requests]");
        }
        PolicyInput input = new PolicyInput(config, new Membership(members, quorate, fenced, shuttingDown), nodeReports, requests,
            new ServiceTable(locked, prevMembers, prev), now);
        return new Scenario(file, description.toString().strip(), input, expectedActions, expectedTable, why,
            expectedRequests);
    }

    // ---------------------------------------------------------------- config

    private ClusterConfiguration compactConfig(List<String[]> lines) {
        List<NodeDefinition> nodes = new ArrayList<>();
        List<FailoverDomain> domains = new ArrayList<>();
        List<ServiceDefinition> services = new ArrayList<>();
        for (String[] l : lines) {
            lineNo = Integer.parseInt(l[1]);
            String line = l[0];
            if (line.startsWith("nodes:")) {
                int id = 1;
                for (String n : words(line.substring(6))) {
                    String name = n;
                    if (n.contains("=")) {
                        name = n.substring(0, n.indexOf('='));
                        id = (int) number(n.substring(n.indexOf('=') + 1));
                    }
                    nodes.add(new NodeDefinition(name, id, 1, name, OptionalInt.empty()));
                    id++;
                }
            } else if (line.startsWith("domain ")) {
                int c = line.indexOf(':');
                if (c < 0) {
                    throw error("expected 'domain NAME [ordered] [restricted] [nofailback]: NODE[:PRIORITY] ...'");
                }
                List<String> head = words(line.substring(7, c));
                if (head.isEmpty()) {
                    throw error("the domain needs a name");
                }
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put("name", head.get(0));
                for (String f : head.subList(1, head.size())) {
                    if (!Set.of("ordered", "restricted", "nofailback").contains(f)) {
                        throw error("unknown domain flag '" + f + "' (ordered, restricted, nofailback)");
                    }
                    attrs.put(f, "1");
                }
                List<FailoverDomainNode> members = new ArrayList<>();
                for (String m : words(line.substring(c + 1))) {
                    String[] p = m.split(":");
                    members.add(FailoverDomainNode.of(p[0], p.length > 1 ? OptionalInt.of((int) number(p[1]))
                        : OptionalInt.empty()));
                }
                domains.add(new FailoverDomain(attrs, members, List.of()));
            } else if (line.startsWith("service ")) {
                List<String> w = words(line.substring(8));
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put("name", w.get(0));
                List<ResourceDefinition> res = new ArrayList<>();
                for (String a : w.subList(1, w.size())) {
                    if (a.equals("vm")) {
                        res.add(new ResourceDefinition("vm", Map.of("name", w.get(0)), List.of()));
                    } else if (a.contains("=")) {
                        attrs.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                    } else {
                        throw error("expected key=value or 'vm' in the service line, got '" + a + "'");
                    }
                }
                if (res.isEmpty()) {
                    res.add(new ResourceDefinition("script", Map.of("name", w.get(0), "file", "/etc/init.d/" + w.get(0)),
                        List.of()));
                }
                services.add(new ServiceDefinition(attrs, res));
            } else {
                throw error("expected 'nodes:', 'domain ...' or 'service ...', got '" + line + "'");
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(file + ": [config] needs a 'nodes:' line");
        }
        return new ClusterConfiguration("scenario", 1, nodes, QuorumSettings.defaults(), TotemSettings.defaults(),
            Optional.empty(), Map.of(), List.of(), new ResourceManager(Map.of(), domains, List.of(), services, List.of()),
            XmlLayout.none());
    }

    private ClusterConfiguration clusterConf(List<String[]> lines) {
        StringBuilder xml = new StringBuilder();
        for (String[] l : lines) {
            xml.append(l[0]).append('\n');
        }
        try {
            return new ClusterConfReader().read(file + " [cluster.conf]", xml.toString().strip().getBytes(StandardCharsets.UTF_8));
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(file + ": the [cluster.conf] section is refused: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- pieces

    private Map<String, ReportedService> reportedServices(String text) {
        Map<String, ReportedService> out = new LinkedHashMap<>();
        for (String w : words(text)) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw error("expected SERVICE=STATE[restarts], got '" + w + "'");
            }
            String value = w.substring(eq + 1);
            List<Instant> restarts = new ArrayList<>();
            int br = value.indexOf('[');
            if (br >= 0) {
                if (!value.endsWith("]")) {
                    throw error("restart history must be written [t1,t2], got '" + value + "'");
                }
                for (String t : value.substring(br + 1, value.length() - 1).split(",")) {
                    restarts.add(Instant.ofEpochSecond(number(t)));
                }
                value = value.substring(0, br);
            }
            ReportedState st;
            try {
                st = ReportedState.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error("unknown reported state '" + value + "' (running, starting, stopping, stopped, failed)");
            }
            out.put(w.substring(0, eq), new ReportedService(st, restarts));
        }
        return out;
    }

    private ServiceEntry entry(String text) {
        int c = text.indexOf(':');
        if (c < 0) {
            throw error("expected 'SERVICE: STATE [owner=N] [last=N] [frozen] [disabled] [held] [restarts=t,..] "
                + "[failed-starts=N,..]', got '" + text + "'");
        }
        String name = text.substring(0, c).strip();
        List<String> w = words(text.substring(c + 1));
        if (w.isEmpty()) {
            throw error("the entry of " + name + " needs a state");
        }
        ServiceState state;
        try {
            state = ServiceState.valueOf(w.get(0).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error("unknown service state '" + w.get(0) + "'");
        }
        Optional<String> owner = Optional.empty();
        Optional<String> last = Optional.empty();
        boolean frozen = false;
        boolean disabled = false;
        boolean held = false;
        List<Instant> restarts = new ArrayList<>();
        Set<String> failedStarts = new TreeSet<>();
        for (String a : w.subList(1, w.size())) {
            if (a.startsWith("owner=")) {
                owner = Optional.of(a.substring(6));
            } else if (a.startsWith("last=")) {
                last = Optional.of(a.substring(5));
            } else if (a.equals("frozen")) {
                frozen = true;
            } else if (a.equals("disabled")) {
                disabled = true;
            } else if (a.equals("held")) {
                held = true;
            } else if (a.startsWith("restarts=")) {
                for (String t : a.substring(9).split(",")) {
                    restarts.add(Instant.ofEpochSecond(number(t)));
                }
            } else if (a.startsWith("failed-starts=")) {
                failedStarts.addAll(List.of(a.substring(14).split(",")));
            } else {
                throw error("unknown entry field '" + a + "'");
            }
        }
        return new ServiceEntry(name, state, owner, last, frozen, disabled, held, restarts, failedStarts, "");
    }

    private OperatorRequest request(String text) {
        List<String> w = words(text);
        OperatorVerb verb;
        try {
            verb = OperatorVerb.valueOf(w.get(0).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error("unknown request '" + w.get(0) + "'");
        }
        try {
            return new OperatorRequest(verb, w.size() > 1 ? w.get(1) : "", w.size() > 2 ? Optional.of(w.get(2))
                : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private Set<String> nodes(String text, Set<String> known) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : text.strip().split("[\\s,]+")) {
            if (n.equals("none") || n.isEmpty()) {
                continue;
            }
            if (!known.contains(n)) {
                throw error("'" + n + "' is not a configured node " + known);
            }
            out.add(n);
        }
        return out;
    }

    private String[] keyValue(String line) {
        int c = line.indexOf(':');
        if (c < 0) {
            throw error("expected 'key: value', got '" + line + "'");
        }
        return new String[] {line.substring(0, c).strip(), line.substring(c + 1).strip()};
    }

    private boolean yesNo(String v) {
        return switch (v) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw error("expected yes or no, got '" + v + "'");
        };
    }

    private long number(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw error("not a whole number: '" + v + "'");
        }
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private IllegalArgumentException error(String why) {
        return new IllegalArgumentException(file + ":" + lineNo + ": " + why);
    }
}
