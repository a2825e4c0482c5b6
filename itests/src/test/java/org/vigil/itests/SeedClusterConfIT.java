package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Json;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.ShellResult;

/**
 * A real RHCS cluster.conf loads unchanged: the {@code tcluster} of the ccs_tool walkthrough
 * (seed 001; {@code src/test/resources/seed/tcluster-cluster.conf}): three nodes
 * {@code nodeN.magedu.com} with fence_manual, config_version 5. node1.magedu.com starts
 * alone (its membership cfg gives 127.0.0.1 and a port, as the names do not resolve here)
 * and reports the cluster, inquorate with 1 of 3 votes.
 */
@ExtendWith(NodeLogsOnFailure.class)
class SeedClusterConfIT {

    static ClusterHarness cluster;
    static Node node;

    @BeforeAll
    static void startNode() throws IOException {
        cluster = ClusterHarness.builder("tcluster").nodes("node1.magedu.com").build();
        node = cluster.node("node1.magedu.com");
        try (InputStream in = SeedClusterConfIT.class.getResourceAsStream("/seed/tcluster-cluster.conf")) {
            node.writeClusterConf(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        node.start();
        cluster.awaitMembers(List.of(node), List.of(node), ClusterHarness.BOOT_TIMEOUT);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSeedConfigurationLoadsAndTheLoneNodeIsInquorate() {
        JsonNode q = cluster.awaitQuorate(List.of(node), false).get(0);
        assertEquals("tcluster", q.path("clusterName").asText(), q.toString());
        assertEquals(5, q.path("configVersion").asInt(), q.toString());
        assertEquals("node1.magedu.com", q.path("nodeName").asText(), q.toString());
        assertEquals(1, q.path("nodeId").asInt(), q.toString());
        assertEquals(3, q.path("expectedVotes").asInt(), q.toString());
        assertEquals(1, q.path("totalVotes").asInt(), q.toString());
        assertEquals(2, q.path("quorum").asInt(), q.toString());
        assertEquals(1, q.path("nodeVotes").asInt(), q.toString());
        assertEquals(List.of("node1.magedu.com"), Json.texts(q.path("members")), q.toString());
        assertFalse(q.path("reason").asText().isBlank(), q.toString());

        JsonNode nodes = node.nodes();
        assertEquals(3, nodes.size(), nodes.toString());
        for (int id = 1; id <= 3; id++) {
            JsonNode n = Json.find(nodes, "name", "node" + id + ".magedu.com");
            assertEquals(id, n.path("id").asInt(), nodes.toString());
            assertEquals(1, n.path("votes").asInt(), nodes.toString());
            assertEquals(id == 1 ? "MEMBER" : "DEAD", n.path("state").asText(), nodes.toString());
        }

        JsonNode status = node.status();
        assertEquals("tcluster", status.path("cluster").asText(), status.toString());
        assertFalse(status.path("quorate").asBoolean(), status.toString());
        assertEquals(3, status.path("members").size(), status.toString());

        ShellResult table = node.shell("cluster:quorum").assertOk();
        assertTrue(table.stdout().contains("Config Version: 5"), table.toString());
        assertTrue(table.stdout().contains("Cluster Name: tcluster"), table.toString());
        assertTrue(table.stdout().contains("Inquorate"), table.toString());
    }
}
