package org.vigil.service.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vigil.api.config.ClusterConfiguration;
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

/**
 * Policy computation time for 1,000 services on 32 nodes (profile {@code bench}; prints figures,
 * asserts nothing about time). Three situations: the first placement of every service, the
 * steady state, and a fenced node whose 31 services fail over while a member joins.
 */
class PolicyBench {

    private static final int NODES = 32;
    private static final int SERVICES = 1000;
    private static final int DOMAINS = 16;

    @Test
    void policyFor1000ServicesOn32Nodes() throws IOException {
        int iterations = Integer.getInteger("bench.iterations", 200);
        ClusterConfiguration config = config();
        PlacementPolicy policy = new PlacementPolicy();
        Set<String> all = new TreeSet<>();
        config.nodes().forEach(n -> all.add(n.name()));

        // 1. first placement: nothing runs
        PolicyInput first = new PolicyInput(config, new Membership(all, true, Set.of()), emptyReports(all), List.of(),
            ServiceTable.empty(), Instant.ofEpochSecond(1000));
        Decision placed = policy.decide(first);

        // 2. steady state: every service runs where the first decision put it
        Map<String, Map<String, ReportedService>> running = new HashMap<>();
        placed.table().services().values().forEach(e -> e.owner().ifPresent(o -> running
            .computeIfAbsent(o, k -> new LinkedHashMap<>()).put(e.name(), ReportedService.of(ReportedState.RUNNING))));
        Map<String, ServiceEntry> started = new LinkedHashMap<>();
        placed.table().services().forEach((k, e) -> started.put(k, new ServiceEntry(k,
            e.owner().isPresent() ? ServiceState.STARTED : e.state(), e.owner(), e.lastOwner(), false, e.disabled(), false,
            List.of(), Set.of(), e.reason())));
        ServiceTable steadyTable = new ServiceTable(false, all, started);
        PolicyInput steady = new PolicyInput(config, new Membership(all, true, Set.of()), reports(all, running),
            List.of(), steadyTable, Instant.ofEpochSecond(1100));

        // 3. node7 fenced, node32 rejoining, and three operator requests
        Set<String> survivors = new TreeSet<>(all);
        survivors.remove("node7");
        Map<String, Map<String, ReportedService>> runningNow = new HashMap<>(running);
        runningNow.remove("node7");
        Set<String> before = new TreeSet<>(survivors);
        before.remove("node32");
        runningNow.remove("node32");
        ServiceTable beforeTable = new ServiceTable(false, before, started);
        List<OperatorRequest> requests = List.of(OperatorRequest.of(OperatorVerb.RELOCATE, "svc0001"),
            OperatorRequest.of(OperatorVerb.DISABLE, "svc0002"), OperatorRequest.of(OperatorVerb.FREEZE, "svc0003"));
        PolicyInput failover = new PolicyInput(config, new Membership(survivors, true, Set.of("node7")),
            reports(survivors, runningNow), requests, beforeTable, Instant.ofEpochSecond(1200));

        StringBuilder report = new StringBuilder();
        report.append(String.format("policy computation, %d services on %d nodes, %d failover domains, %d iterations%n",
            SERVICES, NODES, DOMAINS, iterations));
        report.append(line("first placement", policy, first, iterations));
        report.append(line("steady state", policy, steady, iterations));
        report.append(line("node7 fenced + node32 joins", policy, failover, iterations));
        Decision d = policy.decide(failover);
        report.append(String.format("  (failover decision: %d actions, e.g. %s)%n", d.actions().size(),
            d.actions().stream().filter(a -> a.kind() == Action.Kind.START).findFirst().map(Action::toString).orElse("-")));
        System.out.print(report);
        String out = System.getProperty("bench.report");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString(), StandardCharsets.UTF_8);
        }
    }

    private static String line(String what, PlacementPolicy policy, PolicyInput input, int iterations) {
        for (int i = 0; i < Math.max(20, iterations / 4); i++) {
            policy.decide(input); // warm-up
        }
        long[] ns = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            policy.decide(input);
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        return String.format("  %-30s median %7.2f ms   p90 %7.2f ms   max %7.2f ms   (target <= 50 ms)%n", what,
            ns[iterations / 2] / 1e6, ns[(int) (iterations * 0.9)] / 1e6, ns[iterations - 1] / 1e6);
    }

    private static Map<String, NodeReport> emptyReports(Set<String> nodes) {
        return reports(nodes, Map.of());
    }

    private static Map<String, NodeReport> reports(Set<String> nodes, Map<String, Map<String, ReportedService>> running) {
        Map<String, NodeReport> r = new HashMap<>();
        for (String n : nodes) {
            r.put(n, new NodeReport(n, running.getOrDefault(n, Map.of())));
        }
        return r;
    }

    private static ClusterConfiguration config() {
        List<NodeDefinition> nodes = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            nodes.add(new NodeDefinition("node" + i, i, 1, "node" + i, OptionalInt.empty()));
        }
        List<FailoverDomain> domains = new ArrayList<>();
        for (int d = 0; d < DOMAINS; d++) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("name", "dom" + d);
            a.put("ordered", d % 2 == 0 ? "1" : "0");
            a.put("restricted", d % 4 == 0 ? "1" : "0");
            a.put("nofailback", d % 3 == 0 ? "1" : "0");
            List<FailoverDomainNode> members = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                members.add(FailoverDomainNode.of("node" + ((d * 2 + k) % NODES + 1), OptionalInt.of(k + 1)));
            }
            domains.add(new FailoverDomain(a, members, List.of()));
        }
        List<ServiceDefinition> services = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("name", String.format("svc%04d", s));
            if (s % 10 != 9) {
                a.put("domain", "dom" + (s % DOMAINS));
            }
            a.put("recovery", s % 3 == 0 ? "relocate" : "restart");
            a.put("max_restarts", "3");
            a.put("restart_expire_time", "300");
            if (s % 50 == 49) {
                a.put("autostart", "0");
            }
            services.add(new ServiceDefinition(a, List.of(new ResourceDefinition("ip",
                Map.of("address", "10.1." + (s / 250) + "." + (s % 250 + 1)), List.of()))));
        }
        return new ClusterConfiguration("bench", 1, nodes, QuorumSettings.defaults(), TotemSettings.defaults(),
            Optional.empty(), Map.of(), List.of(), new ResourceManager(Map.of(), domains, List.of(), services, List.of()),
            XmlLayout.none());
    }
}
