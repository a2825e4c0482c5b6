package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.Bmc;
import org.vigil.itests.harness.ClusterConfig;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.NetnsLauncher;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.Ports;
import org.vigil.itests.harness.ShellResult;

/**
 * The service manager end to end: three real nodes, each in its own network namespace on a bridged
 * LAN ({@link NetnsLauncher}) and powered by a simulated IPMI BMC ({@code ipmi_sim}: power off kills
 * the node's JVM and takes its link down), and services whose script (an LSB script that runs a
 * {@code socat} TCP server answering "served by NODE") is reached from this test JVM over that LAN:
 * <ul>
 * <li>{@code web}: a floating IP address with the script under it (the server listens on that
 *     address only), ordered domain node1 &gt; node2 &gt; node3, failback, restart once then
 *     relocate (its script is monitored every second);</li>
 * <li>{@code sticky}: the same order with {@code nofailback};</li>
 * <li>{@code pinned}: a restricted domain of node3 only.</li>
 * </ul>
 * One cluster for every method, in order: placement, kill -9 of the owner (fenced through IPMI, the
 * services start on node2, then web fails back and sticky stays), relocate/disable/enable by
 * command, monitor failures (restart in place, then relocate), the only allowed node gone, a clean
 * stop of an owner (its services move first, it is not fenced), and last, two of three nodes killed
 * (the survivor stops its services: no quorum). Every probe of a
 * service asks every place it could answer from and fails on two answers (two owners).
 */
@ExtendWith(NodeLogsOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceFailoverIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private NetnsLauncher lan;
    private ClusterHarness cluster;
    private String floating;
    private final Map<String, Bmc> bmcs = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private Node node1;
    private Node node2;
    private Node node3;

    @BeforeAll
    void startCluster() throws IOException {
        lan = NetnsLauncher.create();
        try {
            cluster = ClusterHarness.builder("svc-failover").nodes(3).launcher(lan).build();
        } catch (RuntimeException e) {
            lan.close();
            throw e;
        }
        floating = lan.lanAddress(100);
        Path scripts = cluster.dir().resolve("services");
        Files.createDirectories(scripts);
        for (String svc : List.of("web", "sticky", "pinned")) {
            int port = Ports.freeTcp();
            ports.put(svc, port);
            writeScript(scripts.resolve(svc + ".sh"), svc, port, svc.equals("web") ? floating : "0.0.0.0");
        }
        StringBuilder devices = new StringBuilder("  <fence_daemon post_fail_delay=\"0\" post_join_delay=\"120\"/>\n  <fencedevices>\n");
        ClusterConfig config = cluster.config();
        for (Node n : cluster.nodes()) {
            Bmc bmc = Bmc.start(cluster.dir().resolve("bmc-" + n.name()), cluster.hostAddress());
            bmcs.put(n.name(), bmc);
            String device = "ipmi-" + n.name();
            devices.append("    ").append(bmc.fenceDeviceXml(device, "ipmi", Bmc.PASSWORD)).append('\n');
            String fence = "<fence><method name=\"1\"><device name=\"" + device + "\" action=\"off\"/></method></fence>";
            config = config.withMember(n.name(), m -> new ClusterConfig.Member(m.name(), m.nodeId(), m.votes(), m.address(),
                m.port(), fence));
        }
        devices.append("  </fencedevices>\n");
        String rm = """
              <rm>
                <failoverdomains>
                  <failoverdomain name="ordered" ordered="1" restricted="1">
                    <failoverdomainnode name="node1" priority="1"/>
                    <failoverdomainnode name="node2" priority="2"/>
                    <failoverdomainnode name="node3" priority="3"/>
                  </failoverdomain>
                  <failoverdomain name="ordered-nofailback" ordered="1" restricted="1" nofailback="1">
                    <failoverdomainnode name="node1" priority="1"/>
                    <failoverdomainnode name="node2" priority="2"/>
                    <failoverdomainnode name="node3" priority="3"/>
                  </failoverdomain>
                  <failoverdomain name="only-node3" restricted="1">
                    <failoverdomainnode name="node3"/>
                  </failoverdomain>
                </failoverdomains>
                <resources>
                  <ip address="%2$s/24" monitor_interval="2" sleeptime="1"/>
                  <script name="web" file="%1$s/web.sh" monitor_interval="1"/>
                </resources>
                <service name="web" domain="ordered" recovery="restart" max_restarts="1" restart_expire_time="600">
                  <ip ref="%2$s/24">
                    <script ref="web"/>
                  </ip>
                </service>
                <service name="sticky" domain="ordered-nofailback">
                  <script name="sticky" file="%1$s/sticky.sh" monitor_interval="2"/>
                </service>
                <service name="pinned" domain="only-node3">
                  <script name="pinned" file="%1$s/pinned.sh" monitor_interval="2"/>
                </service>
              </rm>
            """.formatted(scripts, floating);
        String xml = config.toXml().replace("  <fencedevices/>\n", devices.toString()).replace("  <rm/>\n", rm);
        for (Node n : cluster.nodes()) {
            n.writeClusterConf(xml);
        }
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
        node3 = cluster.node("node3");
        cluster.startAll();
        cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
        cluster.awaitQuorate(cluster.nodes(), true);
        for (Node n : cluster.nodes()) {
            bmcs.get(n.name()).powers(n);
        }
    }

    @AfterAll
    void stopEverything() {
        try {
            if (cluster != null) {
                cluster.close(); // closes the namespaces too
            }
        } finally {
            bmcs.values().forEach(Bmc::close);
        }
    }

    private static void writeScript(Path file, String name, int port, String bind) throws IOException {
        try (InputStream in = ServiceFailoverIT.class.getResourceAsStream("/service/tcp-service.sh")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .replace("@NAME@", name).replace("@PORT@", Integer.toString(port)).replace("@BIND@", bind);
            Files.writeString(file, text);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // ---- helpers

    /**
     * @return the line the service's TCP server answers (web at its floating address, the others at
     *     any node's address), or empty when nothing listens
     * @throws Await.GiveUp when two nodes answer: two owners (ends any wait at once)
     */
    private Optional<String> served(String service) {
        List<String> where = service.equals("web") ? List.of(floating)
            : cluster.nodes().stream().map(Node::address).toList();
        List<String> answers = where.stream().map(a -> ask(a, ports.get(service))).flatMap(Optional::stream).toList();
        if (answers.size() > 1) {
            throw new Await.GiveUp(service + " served by more than one node: " + answers);
        }
        return answers.stream().findFirst();
    }

    private static Optional<String> ask(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            s.setSoTimeout(2000);
            return Optional.ofNullable(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void awaitServed(String service, String node) {
        Await.until(service + " to answer from " + node, TIMEOUT, () -> served(service),
            o -> o.equals(Optional.of("served by " + node)));
    }

    private static JsonNode service(Node observer, String name) {
        JsonNode list = observer.json("svc:list --json");
        for (JsonNode s : list.path("services")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("svc:list on " + observer.name() + " does not list " + name + ": " + list);
    }

    private static JsonNode awaitService(Node observer, String name, String state, String owner) {
        return Await.until(name + " " + state + (owner == null ? "" : " on " + owner) + " as " + observer.name() + " sees it",
            TIMEOUT, () -> service(observer, name),
            s -> s.path("state").asText().equals(state) && (owner == null || s.path("owner").asText().equals(owner)));
    }

    private static boolean fencedInHistory(Node observer, String node) {
        JsonNode h = observer.json("fence:history --json");
        return StreamSupport.stream(h.spliterator(), false)
            .anyMatch(o -> o.path("node").asText().equals(node) && o.path("success").asBoolean());
    }

    private void restart(Node n) {
        n.start();
        cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
        bmcs.get(n.name()).powers(n);
    }

    private long serverPid(Node n, String service) throws IOException {
        return Long.parseLong(Files.readString(n.home().resolve("data/services/" + service + "/server.pid")).strip());
    }

    // ---- the story

    @Test
    @Order(1)
    void servicesStartOnTheFirstNodeOfTheirDomain() {
        awaitService(node3, "web", "started", "node1");
        awaitService(node3, "sticky", "started", "node1");
        awaitService(node3, "pinned", "started", "node3");
        awaitServed("web", "node1");
        awaitServed("sticky", "node1");
        awaitServed("pinned", "node3");

        ShellResult status = node2.shell("cluster:status").assertOk();
        assertTrue(status.stdout().contains("Service Name") && status.stdout().contains("Owner (Last)"), status.toString());
        assertTrue(status.stdout().lines().anyMatch(l -> l.contains("service:web") && l.contains("node1") && l.contains("started")),
            status.toString());
        ShellResult list = node2.shell("svc:list").assertOk();
        assertTrue(list.stdout().lines().anyMatch(l -> l.contains("service:pinned") && l.contains("node3") && l.contains("started")),
            list.toString());
    }

    @Test
    @Order(2)
    void killingTheOwnerFencesItThroughIpmiAndItsServicesStartOnTheNextNode() {
        awaitServed("web", "node1");
        node1.kill();
        awaitServed("web", "node2");
        awaitServed("sticky", "node2");
        // fenced through its BMC before anything moved
        assertTrue(fencedInHistory(node2, "node1"), node2.json("fence:history --json").toString());
        // its BMC cut the power: node1's machine left the network, and with it the floating address it held
        assertTrue(bmcs.get("node1").events().stream().anyMatch(l -> l.contains("OFF THE NETWORK")), bmcs.get("node1").events().toString());
        ShellResult why = node3.shell("svc:list --why").assertOk();
        assertTrue(why.stdout().contains("start web on node2") && why.stdout().contains("node1 fenced"), why.toString());
        // the new coordinator (the older of node2 and node3) fenced node1, and only then node2 started web:
        // compare the time stamps that begin the log lines
        String fenced = java.util.stream.Stream.of(node2, node3)
            .flatMap(n -> n.log().text().lines().filter(l -> l.contains("Node node1 is fenced")))
            .reduce((x, y) -> y).orElseThrow(() -> new AssertionError("no survivor logged node1 fenced"));
        String started = node2.log().text().lines().filter(l -> l.contains("Starting service:web on node2")).reduce((x, y) -> y)
            .orElseThrow(() -> new AssertionError("node2 did not log starting web"));
        assertTrue(fenced.substring(0, 23).compareTo(started.substring(0, 23)) <= 0,
            "web started on node2 before node1 was fenced:\n" + fenced + "\n" + started);

        // node1 comes back: web (failback) returns to it, sticky (nofailback) stays on node2
        restart(node1);
        awaitService(node3, "web", "started", "node1");
        awaitServed("web", "node1");
        awaitService(node3, "sticky", "started", "node2");
        assertEquals(Optional.of("served by node2"), served("sticky"));
    }

    @Test
    @Order(3)
    void relocateDisableAndEnableByCommand() {
        awaitService(node2, "web", "started", "node1");
        ShellResult r = node2.shell("svc:relocate -m node3 web").assertOk();
        assertTrue(r.stdout().contains("Trying to relocate service:web to node3...Success"), r.toString());
        awaitServed("web", "node3");

        ShellResult json = node1.shell("svc:relocate --json -m node2 web").assertOk();
        assertEquals("node2", json.json().path("owner").asText(), json.toString());
        awaitServed("web", "node2");

        ShellResult d = node3.shell("svc:disable web").assertOk();
        assertTrue(d.stdout().contains("Trying to disable service:web...Success"), d.toString());
        awaitService(node1, "web", "disabled", null);
        Await.until("web to stop answering", TIMEOUT, () -> served("web").isEmpty());

        ShellResult bad = node1.shell("svc:relocate -m node3 web");
        assertFalse(bad.ok(), "relocating a disabled service must fail: " + bad);
        ShellResult unknown = node1.shell("svc:enable nosuchservice");
        assertFalse(unknown.ok());
        assertTrue(unknown.stdout().contains("nosuchservice"), unknown.toString());

        ShellResult e = node3.shell("svc:enable web").assertOk();
        assertTrue(e.stdout().contains("Success"), e.toString());
        awaitService(node1, "web", "started", "node1");
        awaitServed("web", "node1");
    }

    @Test
    @Order(4)
    void aFailingMonitorRestartsInPlaceUntilMaxRestartsThenRelocates() throws Exception {
        awaitServed("web", "node1");
        long first = serverPid(node1, "web");
        // the server dies behind the cluster's back: status says "dead but its pid file exists"
        ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
        Await.until("web to be restarted on node1", TIMEOUT, () -> {
            try {
                return served("web").equals(Optional.of("served by node1")) && serverPid(node1, "web") != first;
            } catch (IOException | NumberFormatException ex) {
                return false;
            }
        });
        long second = serverPid(node1, "web");
        assertNotEquals(first, second);
        ProcessHandle.of(second).ifPresent(ProcessHandle::destroyForcibly);
        // max_restarts=1: the second failure relocates it to the next node of the domain
        awaitServed("web", "node2");
        awaitService(node1, "web", "started", "node2");
        ShellResult why = node1.shell("svc:list --why").assertOk();
        assertTrue(why.stdout().contains("start web on node2"), why.toString());
    }

    @Test
    @Order(5)
    void aServiceWhoseOnlyNodeIsGoneStaysStoppedAndSaysWhy() {
        awaitServed("pinned", "node3");
        node3.kill();
        JsonNode pinned = awaitService(node1, "pinned", "stopped", null);
        assertTrue(pinned.path("reason").asText().contains("only-node3"), pinned.toString());
        assertTrue(fencedInHistory(node1, "node3"), node1.json("fence:history --json").toString());
        assertTrue(served("pinned").isEmpty());
        restart(node3);
        awaitServed("pinned", "node3");
    }

    @Test
    @Order(6)
    void aCleanStopMovesTheNodesServicesAwayBeforeItLeavesAndIsNotFenced() {
        // web runs on node2 since the monitor failures, sticky since node1's crash
        awaitServed("web", "node2");
        awaitServed("sticky", "node2");
        long mark = node2.log().mark();
        node2.stop(); // bin/stop: returns once the process has exited
        node2.log().await(mark, java.util.regex.Pattern.compile("node2 shuts down: its services \\[sticky, web\\] move to other nodes"),
            TIMEOUT);
        node2.log().await(mark, java.util.regex.Pattern.compile("node2 shuts down: none of its services runs here any more"), TIMEOUT);
        awaitServed("web", "node1");
        awaitServed("sticky", "node1");
        ShellResult why = node1.shell("svc:list --why").assertOk();
        assertTrue(why.stdout().contains("relocated from node2 to node1: node2 shuts down"), why.toString());
        // a clean leave: nothing of node2's ran when it left, so it is not fenced
        assertFalse(fencedInHistory(node1, "node2"), node1.json("fence:history --json").toString());
        assertTrue(bmcs.get("node2").events().stream().noneMatch(l -> l.contains("set power")), bmcs.get("node2").events().toString());

        restart(node2);
        // nothing moves back: node1 ranks above node2 for web, and sticky does not fail back
        awaitService(node2, "web", "started", "node1");
        awaitService(node2, "sticky", "started", "node1");
    }

    @Test
    @Order(7)
    void withoutQuorumTheSurvivorStopsItsServices() {
        Await.until("sticky relocated to node2", TIMEOUT, () -> node1.shell("svc:relocate -m node2 sticky").ok(), ok -> ok);
        awaitServed("sticky", "node2");
        long mark = node2.log().mark();
        node1.kill();
        node3.kill();
        Await.until("node2 to stop sticky (no quorum)", TIMEOUT, () -> served("sticky").isEmpty() && served("web").isEmpty());
        node2.log().await(mark, java.util.regex.Pattern.compile("Stopping service:sticky on node2: no quorum"), TIMEOUT);
        // nothing is started without quorum
        assertTrue(served("pinned").isEmpty());
        ShellResult refused = node2.shell("svc:enable web");
        assertFalse(refused.ok());
        assertTrue(refused.stdout().toLowerCase().contains("quorum"), refused.toString());
    }
}
