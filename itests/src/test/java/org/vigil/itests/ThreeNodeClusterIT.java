package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Json;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.ShellResult;

/**
 * One 3-node cluster shared by all methods (each starts from all three running and
 * members: {@link ClusterHarness#restoreAll()}): formation, the {@code cluster:} commands,
 * quorum loss and recovery after kill -9, a clean stop, a frozen node.
 */
@ExtendWith(NodeLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterIT {

    static ClusterHarness cluster;
    static Node node1;
    static Node node2;
    static Node node3;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder("three").nodes(3).build();
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
        node3 = cluster.node("node3");
        cluster.startAll();
        cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void allThreeMembers() {
        cluster.restoreAll();
    }

    @Test
    @Order(1)
    void everyNodeIsQuorateWithThreeMembersAndTheSameGeneration() {
        List<JsonNode> quorums = cluster.awaitQuorate(cluster.nodes(), true);
        for (int i = 0; i < 3; i++) {
            Node n = cluster.nodes().get(i);
            JsonNode q = quorums.get(i);
            assertEquals("three", q.path("clusterName").asText(), q.toString());
            assertEquals(1, q.path("configVersion").asInt(), q.toString());
            assertEquals(n.name(), q.path("nodeName").asText(), q.toString());
            assertEquals(i + 1, q.path("nodeId").asInt(), q.toString());
            assertEquals(Set.of("node1", "node2", "node3"), Set.copyOf(Json.texts(q.path("members"))), q.toString());
            assertEquals(3, q.path("expectedVotes").asInt(), q.toString());
            assertEquals(3, q.path("totalVotes").asInt(), q.toString());
            assertEquals(2, q.path("quorum").asInt(), q.toString());
            assertEquals(1, q.path("nodeVotes").asInt(), q.toString());
            assertEquals(0, q.path("quorumDeviceVotes").asInt(), q.toString());
        }
        // The same view everywhere: generation and coordinator agree (await: the last install may be in flight).
        List<JsonNode> statuses = Await.until("the same generation and coordinator on all nodes", ClusterHarness.VIEW_TIMEOUT,
            () -> cluster.nodes().stream().map(Node::status).toList(),
            all -> all.stream().map(s -> s.path("generation").asLong() + "/" + s.path("coordinator").asText()).distinct().count() == 1);
        for (int i = 0; i < 3; i++) {
            JsonNode s = statuses.get(i);
            assertEquals("three", s.path("cluster").asText(), s.toString());
            assertTrue(s.path("quorate").asBoolean(), s.toString());
            assertEquals(cluster.nodes().get(i).name(), s.path("local").asText(), s.toString());
            assertTrue(s.path("generation").asLong() > 0, s.toString());
            assertEquals(Set.of("node1", "node2", "node3"), Node.membersOf(s), s.toString());
            for (JsonNode m : s.path("members")) {
                assertTrue(m.path("id").asInt() > 0 && !m.path("status").asText().isEmpty(), s.toString());
            }
        }
        assertTrue(Set.of("node1", "node2", "node3").contains(statuses.get(0).path("coordinator").asText()));
    }

    @Test
    @Order(2)
    void commandsAnswerInTableAndJsonForm() {
        ShellResult status = node2.shell("cluster:status").assertOk();
        assertTrue(status.stdout().contains("Cluster Status for three"), status.toString());
        assertTrue(status.stdout().contains("Member Status: Quorate"), status.toString());
        for (String n : List.of("node1", "node2", "node3")) {
            assertTrue(Pattern.compile("(?m)^\\s*" + n + "\\s.*Online").matcher(status.stdout()).find(), status.toString());
        }
        assertTrue(Pattern.compile("(?m)^\\s*node2\\s.*Local").matcher(status.stdout()).find(), status.toString());

        ShellResult nodes = node2.shell("cluster:nodes").assertOk();
        for (String n : List.of("node1", "node2", "node3")) {
            assertTrue(Pattern.compile("(?m)\\sM\\s.*\\s" + n + "\\b").matcher(nodes.stdout()).find(), nodes.toString());
        }
        JsonNode nodesJson = node2.nodes();
        assertEquals(3, nodesJson.size(), nodesJson.toString());
        for (JsonNode n : nodesJson) {
            assertEquals("MEMBER", n.path("state").asText(), nodesJson.toString());
            assertEquals(1, n.path("votes").asInt(), nodesJson.toString());
            int port = cluster.node(n.path("name").asText()).clusterPort();
            assertTrue(n.path("address").asText().endsWith(":" + port), "address of " + n + " should end with its port " + port);
            assertFalse(n.path("since").isNull(), nodesJson.toString());
        }
        JsonNode one = node2.json("cluster:nodes --json node3");
        assertEquals(1, one.size(), one.toString());
        assertEquals("node3", one.get(0).path("name").asText());
        assertEquals(3, one.get(0).path("id").asInt());

        ShellResult quorum = node2.shell("cluster:quorum").assertOk();
        for (String field : List.of("Cluster Name: three", "Expected votes: 3", "Total votes: 3", "Quorum: 2", "Node name: node2", "Node ID: 2")) {
            assertTrue(quorum.stdout().contains(field), "'" + field + "' missing:\n" + quorum);
        }
        assertFalse(quorum.stdout().contains("Inquorate"), quorum.toString());
    }

    @Test
    @Order(3)
    void anUnknownNodeIsAClearError() {
        ShellResult r = node1.shell("cluster:nodes nosuchnode").assertFailed();
        assertNotEquals(0, r.exitStatus(), r.toString());
        assertTrue(r.output().contains("nosuchnode"), "the error should name the node:\n" + r);
        assertTrue(r.output().contains(ShellResult.KARAF_ERROR), r.toString());
    }

    @Test
    @Order(4)
    void losingTwoOfThreeLosesQuorumAndRestartingRestoresIt() {
        node2.kill();
        node3.kill();
        cluster.awaitMembers(List.of(node1), List.of(node1));
        JsonNode q = cluster.awaitQuorate(List.of(node1), false).get(0);
        assertEquals(1, q.path("totalVotes").asInt(), q.toString());
        assertEquals(3, q.path("expectedVotes").asInt(), q.toString());
        assertEquals(2, q.path("quorum").asInt(), q.toString());
        assertFalse(q.path("reason").asText().isBlank(), "an inquorate node says why: " + q);

        JsonNode s = node1.status();
        assertFalse(s.path("quorate").asBoolean(), s.toString());
        assertFalse(s.path("quorumReason").asText().isBlank(), s.toString());
        for (JsonNode m : s.path("members")) {
            if (!m.path("name").asText().equals("node1")) {
                assertEquals("DEAD", m.path("state").asText(), s.toString());
                assertFalse(m.path("reason").asText().isBlank(), "a dead node's reason is shown: " + s);
            }
        }
        ShellResult table = node1.shell("cluster:status").assertOk();
        assertTrue(table.stdout().contains("Inquorate"), table.toString());
        assertTrue(node1.shell("cluster:quorum").assertOk().stdout().contains("Inquorate"));

        cluster.start(List.of(node2, node3));
        cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
        for (JsonNode back : cluster.awaitQuorate(cluster.nodes(), true)) {
            assertEquals(3, back.path("totalVotes").asInt(), back.toString());
            assertEquals(3, back.path("members").size(), back.toString());
        }
    }

    @Test
    @Order(5)
    void aCleanlyStoppedNodeLeavesTheView() {
        long mark1 = node1.log().mark();
        node3.stop();
        cluster.awaitMembers(List.of(node1, node2), List.of(node1, node2));
        for (JsonNode q : cluster.awaitQuorate(List.of(node1, node2), true)) {
            assertEquals(2, q.path("totalVotes").asInt(), q.toString());
        }
        String view = node1.log().await(mark1, Pattern.compile("View \\d+: members \\[[^\\]]*\\].*left node3"), ClusterHarness.VIEW_TIMEOUT);
        assertFalse(view.contains("node3(3)]"), view);
    }

    @Test
    @Order(6)
    void aFrozenNodeLeavesTheViewAndComesBackWhenThawed() {
        node3.freeze();
        cluster.awaitMembers(List.of(node1, node2), List.of(node1, node2));
        cluster.awaitQuorate(List.of(node1, node2), true);
        node3.thaw();
        cluster.awaitMembers(cluster.nodes(), cluster.nodes());
        cluster.awaitQuorate(cluster.nodes(), true);
    }
}
