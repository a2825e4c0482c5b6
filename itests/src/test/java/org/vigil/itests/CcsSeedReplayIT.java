package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.ShellResult;

/**
 * Seed 001's ccs_tool session, command by command, in the Vigil shell: on node1.magedu.com
 * with no cluster.conf (the cluster stopped), {@code create tcluster}, {@code addfence meatware
 * fence_manual}, {@code addnode -v 1 -n N -f meatware nodeN.magedu.com} three times,
 * {@code lsfence}, {@code lsnode} ("Cluster name: tcluster, config_version: 5"); the file is
 * the seed's. Then, as in the seed's first part, the nodes start and the other two (holding
 * an older version) take node1's file. The names do not resolve here, so addnode also gets
 * Vigil's {@code -a 127.0.0.1 -p PORT}.
 */
@ExtendWith(NodeLogsOnFailure.class)
class CcsSeedReplayIT {

    static ClusterHarness cluster;

    @BeforeAll
    static void build() {
        cluster = ClusterHarness.builder("tcluster").nodes("node1.magedu.com", "node2.magedu.com", "node3.magedu.com").build();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String seedFile() throws IOException {
        try (InputStream in = CcsSeedReplayIT.class.getResourceAsStream("/seed/tcluster-cluster.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->\\n", "");
        }
    }

    @Test
    void theSeedSessionReplaysAndTheOtherNodesTakeTheFile() throws Exception {
        Node node1 = cluster.node("node1.magedu.com");
        Files.delete(node1.etc().resolve("cluster.conf"));
        node1.start();
        node1.awaitShell(ClusterHarness.BOOT_TIMEOUT);

        // [root@node1 ~]# ccs_tool create tcluster
        node1.shell("ccs:create tcluster").assertOk();
        assertEquals("<?xml version=\"1.0\"?>\n<cluster name=\"tcluster\" config_version=\"1\">\n  <clusternodes/>\n"
            + "  <fencedevices/>\n  <rm>\n    <failoverdomains/>\n    <resources/>\n  </rm>\n</cluster>\n", node1.clusterConf());
        node1.shell("ccs:create tcluster").assertFailed();

        // [root@node1 ~]# ccs_tool addfence meatware fence_manual → running ccs_tool update...
        ShellResult addfence = node1.shell("ccs:addfence meatware fence_manual").assertOk();
        assertTrue(addfence.stdout().startsWith("running ccs:update..."), addfence.toString());
        assertTrue(node1.clusterConf().contains("config_version=\"2\""), node1.clusterConf());
        assertTrue(node1.clusterConf().contains("<fencedevice name=\"meatware\" agent=\"fence_manual\"/>"), node1.clusterConf());

        // [root@node1 ~]# ccs_tool lsfence
        ShellResult lsfence = node1.shell("ccs:lsfence").assertOk();
        assertTrue(Pattern.compile("(?m)^\\s*Name\\s.*Agent").matcher(lsfence.stdout()).find(), lsfence.toString());
        assertTrue(Pattern.compile("(?m)^\\s*meatware\\s.*fence_manual").matcher(lsfence.stdout()).find(), lsfence.toString());

        // [root@node1 ~]# ccs_tool addnode -v 1 -n N -f meatware nodeN.magedu.com (N = 1..3)
        for (Node n : cluster.nodes()) {
            node1.shell("ccs:addnode -v 1 -n " + n.index() + " -f meatware -a 127.0.0.1 -p " + n.clusterPort() + " " + n.name())
                .assertOk();
        }
        // [root@node1 ~]# ccs_tool lsnode → Cluster name: tcluster, config_version: 5 ...
        ShellResult lsnode = node1.shell("ccs:lsnode").assertOk();
        System.out.println(lsnode.stdout());
        assertTrue(lsnode.stdout().contains("Cluster name: tcluster, config_version: 5"), lsnode.toString());
        assertTrue(Pattern.compile("(?m)^\\s*Nodename\\s.*Votes\\s.*Nodeid\\s.*Fencetype").matcher(lsnode.stdout()).find(),
            lsnode.toString());
        for (Node n : cluster.nodes()) {
            assertTrue(Pattern.compile("(?m)^\\s*" + Pattern.quote(n.name()) + "\\s.*\\b1\\b.*\\b" + n.index() + "\\b.*meatware")
                .matcher(lsnode.stdout()).find(), lsnode.toString());
        }
        // The file is the seed's (Vigil's address and port aside).
        assertEquals(seedFile(), node1.clusterConf().replaceAll(" address=\"127\\.0\\.0\\.1\" port=\"\\d+\"", ""));
        JsonNode history = node1.shell("ccs:history --json").assertOk().json();
        assertEquals(5, history.size(), history.toString());
        assertEquals("addnode node3.magedu.com", history.get(0).path("change").asText(), history.toString());

        // service cman start on each node: node1 now joins with its file; node2 and node3, holding
        // an older version, take it.
        node1.stop();
        node1.start();
        cluster.awaitMembers(List.of(node1), List.of(node1), ClusterHarness.BOOT_TIMEOUT);
        Node node2 = cluster.node("node2.magedu.com");
        Node node3 = cluster.node("node3.magedu.com");
        assertTrue(node2.clusterConf().contains("config_version=\"1\""), node2.clusterConf());
        cluster.start(List.of(node2, node3));
        cluster.awaitMembers(cluster.nodes(), cluster.nodes(), ClusterHarness.BOOT_TIMEOUT);
        Await.until("node1's config_version 5 on node2 and node3", ClusterHarness.VIEW_TIMEOUT, Duration.ofMillis(100),
            () -> List.of(node2.clusterConf(), node3.clusterConf()), files -> files.stream().allMatch(node1.clusterConf()::equals));
        // [root@node3 ~]# cman_tool status → Config Version: 5, Cluster Name: tcluster, Nodes: 3
        JsonNode q = cluster.awaitQuorate(List.of(node3), true).get(0);
        assertEquals(5, q.path("configVersion").asInt(), q.toString());
        assertEquals("tcluster", q.path("clusterName").asText(), q.toString());
        assertTrue(Files.exists(node3.etc().resolve("cluster.conf.bak.1")));
    }
}
