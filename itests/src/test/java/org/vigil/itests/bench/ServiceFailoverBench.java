package org.vigil.itests.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.Bmc;
import org.vigil.itests.harness.ClusterConfig;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.Ports;

/**
 * Service failover time, end to end: a 3-node harness cluster with IPMI fencing (ipmi_sim BMCs)
 * and one script service (a socat TCP server) in an ordered nofailback domain. Each round kills
 * the owner with SIGKILL and measures the time from the signal to the service answering on its
 * TCP port from another node (membership, fencing through the BMC, the coordinator's decision,
 * the script's start); then the killed node is started again. Prints the median and worst of
 * {@code bench.service.iterations} rounds (default 20) and writes them to
 * {@code target/service-bench-report.txt}. Never fails on a figure.
 *
 * <p>{@code mvn -B verify -pl itests -Pbench -Dit.test=ServiceFailoverBench -Dbench.service.iterations=20}
 */
class ServiceFailoverBench {

    @Test
    void failoverTime() throws Exception {
        int rounds = Integer.getInteger("bench.service.iterations", 20);
        Map<String, Bmc> bmcs = new LinkedHashMap<>();
        try (ClusterHarness cluster = ClusterHarness.builder("svc-bench").nodes(3).build()) {
            int port = Ports.freeTcp();
            Path script = cluster.dir().resolve("web.sh");
            try (InputStream in = ServiceFailoverBench.class.getResourceAsStream("/service/tcp-service.sh")) {
                Files.writeString(script, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@NAME@", "web").replace("@PORT@", Integer.toString(port)).replace("@BIND@", "127.0.0.1"));
            }
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            StringBuilder devices = new StringBuilder("  <fence_daemon post_fail_delay=\"0\" post_join_delay=\"600\"/>\n  <fencedevices>\n");
            ClusterConfig config = cluster.config();
            for (Node n : cluster.nodes()) {
                Bmc bmc = Bmc.start(cluster.dir().resolve("bmc-" + n.name()));
                bmcs.put(n.name(), bmc);
                devices.append("    ").append(bmc.fenceDeviceXml("ipmi-" + n.name(), "ipmi", Bmc.PASSWORD)).append('\n');
                String fence = "<fence><method name=\"1\"><device name=\"ipmi-" + n.name() + "\" action=\"off\"/></method></fence>";
                config = config.withMember(n.name(), m -> new ClusterConfig.Member(m.name(), m.nodeId(), m.votes(), m.address(),
                    m.port(), fence));
            }
            devices.append("  </fencedevices>\n");
            String rm = """
                  <rm>
                    <failoverdomains>
                      <failoverdomain name="d" ordered="1" restricted="1" nofailback="1">
                        <failoverdomainnode name="node1" priority="1"/>
                        <failoverdomainnode name="node2" priority="2"/>
                        <failoverdomainnode name="node3" priority="3"/>
                      </failoverdomain>
                    </failoverdomains>
                    <service name="web" domain="d"><script name="web" file="%s"/></service>
                  </rm>
                """.formatted(script);
            String xml = config.toXml().replace("  <fencedevices/>\n", devices.toString()).replace("  <rm/>\n", rm);
            for (Node n : cluster.nodes()) {
                n.writeClusterConf(xml);
            }
            cluster.startAll();
            cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
            for (Node n : cluster.nodes()) {
                bmcs.get(n.name()).powers(n);
            }
            String owner = Await.until("web to answer", Duration.ofSeconds(90), () -> served(port), Optional::isPresent)
                .orElseThrow().replace("served by ", "");
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                Node victim = cluster.node(owner);
                String before = owner;
                Instant killed = victim.kill();
                String now = Await.until("web to answer from another node than " + before, Duration.ofSeconds(60),
                    Duration.ofMillis(5), () -> served(port).orElse(""),
                    s -> s.startsWith("served by ") && !s.equals("served by " + before));
                double seconds = Duration.between(killed, Instant.now()).toNanos() / 1e9;
                times.add(seconds);
                owner = now.replace("served by ", "");
                System.out.printf("round %d: %s killed at %s, web answers from %s after %.3f s%n", i + 1, before, killed, owner, seconds);
                long mark = victim.log().mark();
                victim.start();
                cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
                bmcs.get(victim.name()).powers(victim);
                // a member that has not reported blocks every start (safety): measure failover, not a boot in progress
                victim.log().await(mark, java.util.regex.Pattern.compile("Service manager on " + victim.name()
                    + ": resources probed"), ClusterHarness.BOOT_TIMEOUT);
            }
            List<Double> sorted = new ArrayList<>(times);
            sorted.sort(null);
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            String report = String.format(
                "Service failover (3 nodes, IPMI fencing through ipmi_sim, script service with a socat TCP server)%n"
                + "kill -9 of the owner -> the service answers on its TCP port from the next node: N=%d, median %.3f s, worst %.3f s,"
                + " best %.3f s (targets: median <= 1.5 s, worst <= 3 s)%n", times.size(), median,
                sorted.get(sorted.size() - 1), sorted.get(0));
            System.out.print(report);
            Path out = Path.of(System.getProperty("bench.report", "target/bench-report.txt")).resolveSibling("service-bench-report.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            bmcs.values().forEach(Bmc::close);
        }
    }

    private static Optional<String> served(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            return Optional.ofNullable(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
