package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.Bmc;
import org.vigil.itests.harness.ClusterConfig;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.Processes;
import org.vigil.itests.harness.ShellResult;

/**
 * Fencing end to end: three real nodes, each powered by its own simulated IPMI BMC
 * ({@code ipmi_sim}) whose power off kills that node's JVM. A node cut from the cluster is
 * fenced by the survivors through its BMC; a BMC that refuses keeps fencing failing (and
 * retried) until an operator acknowledges.
 */
@ExtendWith(NodeLogsOnFailure.class)
class FencingIT {

    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(60);

    private ClusterHarness cluster;
    private final Map<String, Bmc> bmcs = new LinkedHashMap<>();

    @AfterEach
    void stopEverything() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            bmcs.values().forEach(Bmc::close);
        }
    }

    /**
     * Builds and starts a 3-node cluster whose nodes are fenced through their BMCs.
     *
     * @param password the BMC password written in each node's device (per node name; default right)
     */
    private void startCluster(String name, Map<String, String> agents, Map<String, String> passwords) {
        cluster = ClusterHarness.builder(name).nodes(3).build();
        StringBuilder devices = new StringBuilder("  <fence_daemon post_fail_delay=\"0\" post_join_delay=\"120\"/>\n  <fencedevices>\n");
        ClusterConfig config = cluster.config();
        for (Node n : cluster.nodes()) {
            Bmc bmc = Bmc.start(cluster.dir().resolve("bmc-" + n.name()));
            bmcs.put(n.name(), bmc);
            String device = "ipmi-" + n.name();
            devices.append("    ").append(bmc.fenceDeviceXml(device, agents.getOrDefault(n.name(), "ipmi"),
                passwords.getOrDefault(n.name(), Bmc.PASSWORD))).append('\n');
            String fence = "<fence><method name=\"1\"><device name=\"" + device + "\" action=\"off\"/></method></fence>";
            config = config.withMember(n.name(), m -> new ClusterConfig.Member(m.name(), m.nodeId(), m.votes(), m.address(),
                m.port(), fence));
        }
        devices.append("  </fencedevices>\n");
        String xml = config.toXml().replace("  <fencedevices/>\n", devices.toString());
        for (Node n : cluster.nodes()) {
            n.writeClusterConf(xml);
        }
        cluster.startAll();
        cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
        cluster.awaitQuorate(cluster.nodes(), true);
        for (Node n : cluster.nodes()) {
            bmcs.get(n.name()).powers(n);
        }
    }

    private static List<JsonNode> history(Node observer) {
        JsonNode h = observer.json("fence:history --json");
        return StreamSupport.stream(h.spliterator(), false).toList();
    }

    private static List<JsonNode> outcomesFor(Node observer, String node) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode o : history(observer)) {
            if (o.path("node").asText().equals(node)) {
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void aNodeCutFromTheClusterIsFencedThroughItsBmcByTheSurvivors() {
        startCluster("fence-ipmi", Map.of(), Map.of());
        Node node1 = cluster.node("node1");
        Node node2 = cluster.node("node2");
        Node node3 = cluster.node("node3");
        long pid3 = node3.pid();
        Bmc bmc3 = bmcs.get("node3");

        // SIGSTOP: the node is cut from the cluster but its process (the "machine") still runs.
        node3.freeze();
        // The survivors fence it through its BMC: ipmi_sim's power off SIGKILLs the frozen JVM.
        Await.until("node3's BMC to power it off (kill its JVM)", FENCE_TIMEOUT, () -> !Processes.alive(pid3));
        assertTrue(bmc3.killedNode(), "node3's BMC events: " + bmc3.events());
        assertTrue(bmc3.events().stream().anyMatch(l -> l.contains("set power 0")), bmc3.events().toString());

        // Every survivor records the success, done with node3's device.
        for (Node observer : List.of(node1, node2)) {
            JsonNode success = Await.until(observer.name() + " to record node3 fenced", FENCE_TIMEOUT,
                () -> outcomesFor(observer, "node3").stream().filter(o -> o.path("success").asBoolean()).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
            assertEquals("ipmi-node3", success.path("device").asText(), success.toString());
        }
        // Nobody else was fenced, and the survivors' BMCs were not touched.
        assertTrue(history(node1).stream().allMatch(o -> o.path("node").asText().equals("node3")), history(node1).toString());
        for (String survivor : List.of("node1", "node2")) {
            assertFalse(bmcs.get(survivor).events().stream().anyMatch(l -> l.contains("set power")),
                survivor + "'s BMC was driven: " + bmcs.get(survivor).events());
        }
        // The fencing is logged on the node that did it, and the password never is.
        Node fencer = List.of(node1, node2).stream()
            .filter(n -> n.log().text().contains("ipmi-node3")).findFirst()
            .orElseThrow(() -> new AssertionError("no survivor logged fencing node3 with ipmi-node3"));
        assertFalse(fencer.log().text().contains("passwd=" + Bmc.PASSWORD), "the BMC password reached the log");
        node3.awaitExit(Duration.ofSeconds(20));
    }

    @Test
    void aRefusingBmcKeepsFencingFailingAndRetriedUntilAnOperatorAcknowledges() {
        startCluster("fence-refused", Map.of(), Map.of("node3", "wrong-password"));
        Node node1 = cluster.node("node1");
        Node node3 = cluster.node("node3");
        long pid3 = node3.pid();

        node3.kill();
        // Fencing fails (wrong password) and is retried: at least two failed attempts, never a success.
        List<JsonNode> failures = Await.until("two failed fencing attempts of node3", FENCE_TIMEOUT,
            () -> outcomesFor(node1, "node3"), l -> l.stream().filter(o -> !o.path("success").asBoolean()).count() >= 2);
        assertTrue(failures.stream().noneMatch(o -> o.path("success").asBoolean()), failures.toString());
        String reason = failures.get(0).path("message").asText();
        assertTrue(reason.contains("authentication") || reason.contains("password"), reason);
        assertFalse(reason.contains("wrong-password"), "the password reached the history: " + reason);
        assertFalse(Processes.alive(pid3));

        // cluster:status tells the operator node3 waits for fencing.
        ShellResult status = node1.shell("cluster:status").assertOk();
        assertTrue(status.stdout().contains("node3") && status.stdout().toLowerCase().contains("fenc"), status.toString());

        // The operator has checked node3 is off: fence:ack ends the wait.
        node1.shell("fence:ack node3").assertOk();
        Await.until("node3 acknowledged as fenced", FENCE_TIMEOUT,
            () -> outcomesFor(node1, "node3").stream().anyMatch(o -> o.path("success").asBoolean()));
    }
}
