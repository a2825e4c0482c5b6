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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Json;
import org.vigil.itests.harness.KarafLog;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;

/**
 * Nodes that must not be admitted, all heartbeating at the two good nodes of cluster
 * "admit" (node1, node2; cluster.conf lists node1..node3):
 * <ul>
 * <li>node3, listed, but with another cluster key;</li>
 * <li>node4, whose cluster.conf names cluster "elsewhere" (same key, lists node1..node4);</li>
 * <li>node5, whose cluster.conf is the good one plus itself (same key and cluster name),
 *     but whom the good nodes' cluster.conf does not list.</li>
 * </ul>
 * None of them ever appears in a good node's view; the good nodes log each refusal with its reason.
 */
@ExtendWith(NodeLogsOnFailure.class)
class AdmissionIT {

    static ClusterHarness cluster;
    static Node node1;
    static Node node2;
    static Node wrongKey;
    static Node otherCluster;
    static Node unknownName;

    @BeforeAll
    static void startGoodAndBadNodes() {
        cluster = ClusterHarness.builder("admit").nodes(3).build();
        node1 = cluster.node("node1");
        node2 = cluster.node("node2");
        wrongKey = cluster.node("node3").writeKey(ClusterHarness.randomKey());
        otherCluster = cluster.addNode("node4");
        otherCluster.writeClusterConf(cluster.config().withMember(otherCluster).withName("elsewhere"));
        unknownName = cluster.addNode("node5");
        unknownName.writeClusterConf(cluster.config().withMember(unknownName));
        cluster.start(cluster.allNodes());
        cluster.awaitShells(cluster.allNodes());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theGoodNodesFormAQuorateClusterOfTwo() {
        cluster.awaitMembers(List.of(node1, node2), List.of(node1, node2));
        for (JsonNode q : cluster.awaitQuorate(List.of(node1, node2), true)) {
            assertEquals(2, q.path("totalVotes").asInt(), q.toString());
            assertEquals(Set.of("node1", "node2"), Set.copyOf(Json.texts(q.path("members"))), q.toString());
        }
    }

    @Test
    void aNodeWithAnotherKeyIsRefused() {
        for (Node good : List.of(node1, node2)) {
            String line = good.log().await(0, Pattern.compile("Refused heartbeat from 127\\.0\\.0\\.1:\\d+: .*key"), ClusterHarness.VIEW_TIMEOUT);
            assertTrue(line.contains("WARN"), line);
        }
        assertNeverAMember("node3");
        // node3 is configured, so it is listed, but not as a member.
        JsonNode status = node1.status();
        assertNotEquals("MEMBER", Json.find(status.path("members"), "name", "node3").path("state").asText(), status.toString());
    }

    @Test
    void aNodeOfAnotherClusterIsRefused() {
        for (Node good : List.of(node1, node2)) {
            String line = good.log().await(0, Pattern.compile("Refused heartbeat from 127\\.0\\.0\\.1:\\d+: .*node4.*elsewhere"), ClusterHarness.VIEW_TIMEOUT);
            assertTrue(line.contains("admit"), "the reason names both clusters: " + line);
        }
        assertNeverAMember("node4");
    }

    @Test
    void aNodeMissingFromTheConfigurationIsRefused() {
        for (Node good : List.of(node1, node2)) {
            good.log().await(0, Pattern.compile("Refused heartbeat from 127\\.0\\.0\\.1:\\d+: .*node5.*(not a clusternode|not configured|unknown)"),
                ClusterHarness.VIEW_TIMEOUT);
        }
        assertNeverAMember("node5");
    }

    /** No view a good node ever installed (read from its whole log) and no current status lists {@code name}. */
    private static void assertNeverAMember(String name) {
        for (Node good : List.of(node1, node2)) {
            assertFalse(Node.membersOf(good.status()).contains(name), good + " shows " + name + " as a member");
            List<KarafLog.ViewLine> views = good.log().views(0);
            assertFalse(views.isEmpty(), good + " logged no view at all");
            for (KarafLog.ViewLine v : views) {
                assertFalse(v.members().contains(name), good + " had " + name + " in a view: " + v.line());
            }
        }
    }
}
