package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Json;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;

/**
 * The quorum disk: three nodes of one vote and {@code <quorumd votes="2">} on a shared
 * file (expected 5, quorum 3). With two nodes killed the survivor keeps quorum with the
 * disk's votes; the same cluster without the disk has no quorum with one node.
 */
@ExtendWith(NodeLogsOnFailure.class)
class QuorumDiskIT {

    static ClusterHarness cluster;
    static Node node1;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterHarness.builder("qdisk").nodes(3).quorumDisk(2).build();
        node1 = cluster.node("node1");
        cluster.startAll();
        cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSurvivorOfTwoKilledNodesStaysQuorateWithTheDisksVotesAndIsNotWithoutTheDisk() {
        // All three up: 3 node votes + 2 of the disk.
        JsonNode all = Await.until("node1 to count the quorum disk's votes", ClusterHarness.VIEW_TIMEOUT, node1::quorum,
            q -> q.path("quorumDeviceVotes").asInt() == 2);
        assertTrue(all.path("quorate").asBoolean(), all.toString());
        assertEquals(5, all.path("expectedVotes").asInt(), all.toString());
        assertEquals(3, all.path("quorum").asInt(), all.toString());
        assertEquals(5, all.path("totalVotes").asInt(), all.toString());

        cluster.node("node2").kill();
        cluster.node("node3").kill();
        cluster.awaitMembers(List.of(node1), List.of(node1));
        // It stays quorate: sample it for a while after the view change (the disk may need a few intervals).
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        JsonNode q;
        do {
            q = node1.quorum();
            assertTrue(q.path("quorate").asBoolean(), "node1 + the disk (1 + 2 of 5) must stay quorate: " + q);
        } while (System.nanoTime() < until);
        assertEquals(2, q.path("quorumDeviceVotes").asInt(), q.toString());
        assertEquals(3, q.path("totalVotes").asInt(), q.toString());
        assertEquals(5, q.path("expectedVotes").asInt(), q.toString());
        assertEquals(List.of("node1"), Json.texts(q.path("members")), q.toString());

        // The same cluster without the disk: node1 alone (the two others still down).
        node1.kill();
        node1.writeClusterConf(cluster.config().withQuorumDisk(null));
        node1.start();
        cluster.awaitMembers(List.of(node1), List.of(node1), ClusterHarness.BOOT_TIMEOUT);
        JsonNode without = cluster.awaitQuorate(List.of(node1), false).get(0);
        assertEquals(0, without.path("quorumDeviceVotes").asInt(), without.toString());
        assertEquals(3, without.path("expectedVotes").asInt(), without.toString());
        assertEquals(2, without.path("quorum").asInt(), without.toString());
        assertEquals(1, without.path("totalVotes").asInt(), without.toString());
        assertFalse(without.path("reason").asText().isBlank(), without.toString());
    }
}
