package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.ClusterConfig;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.ShellResult;

/**
 * Bad input: nodes that must not join, each started alone with one problem, and each
 * saying what is wrong (file, element, reason) in its log and in {@code cluster:status}.
 * All six boot at once; none needs a peer.
 */
@ExtendWith(NodeLogsOnFailure.class)
class BadConfigIT {

    static ClusterHarness cluster;

    @BeforeAll
    static void startBadNodes() {
        cluster = ClusterHarness.builder("badconf").nodes("malformed", "dupid", "negvotes", "noname", "nokey", "ghost").build();
        ClusterConfig good = cluster.config();
        // <rm> is opened but never closed.
        cluster.node("malformed").writeClusterConf(good.toXml().replace("<rm/>", "<rm>"));
        // Two clusternodes with nodeid 2.
        cluster.node("dupid").writeClusterConf(good.withMember("negvotes", m -> m.withNodeId(good.member("dupid").nodeId())));
        cluster.node("negvotes").writeClusterConf(good.withMember("negvotes", m -> m.withVotes(-1)));
        cluster.node("noname").writeClusterConf(good.withName(null));
        cluster.node("nokey").deleteKey();
        // A good cluster.conf, but node.name names no clusternode of it.
        cluster.node("ghost").membership("node.name", "nosuchnode");
        cluster.startAll();
        cluster.awaitShells(cluster.nodes());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMalformedDocumentIsRefused() {
        assertRefused(cluster.node("malformed"), "(?i)(rm|cluster)", "(?i)(well-formed|end-tag|terminated|xml|pars)");
    }

    @Test
    void aRepeatedNodeIdIsRefused() {
        assertRefused(cluster.node("dupid"), "clusternode", "(?i)(nodeid|node id).*(2)|2.*(nodeid|node id)");
        String status = cluster.node("dupid").shell("cluster:status").output();
        assertTrue(Pattern.compile("(?i)(duplicate|repeat|twice|already|unique|more than once|same)").matcher(status).find(),
            "the reason says the id is repeated:\n" + status);
    }

    @Test
    void negativeVotesAreRefused() {
        assertRefused(cluster.node("negvotes"), "clusternode", "(?i)votes.*(-1|negative)|(-1|negative).*votes");
    }

    @Test
    void aMissingClusterNameIsRefused() {
        assertRefused(cluster.node("noname"), "cluster", "(?i)name");
    }

    @Test
    void aNodeWithoutTheClusterKeyDoesNotJoin() {
        Node n = cluster.node("nokey");
        String line = n.log().await(0, Pattern.compile("ERROR.*Not joining the cluster: .*authkey"), ClusterHarness.VIEW_TIMEOUT);
        assertTrue(line.contains("cluster key") || line.contains("key"), line);
        ShellResult r = n.shell("cluster:status").assertFailed();
        assertTrue(r.output().contains("not joined"), "cluster:status says the node has not joined:\n" + r);
        assertTrue(r.output().contains("authkey"), "cluster:status says why: the key file " + n.etc().resolve("authkey") + " is missing:\n" + r);
        assertNeverJoined(n);
    }

    @Test
    void aNodeNameMissingFromTheConfigurationDoesNotJoin() {
        Node n = cluster.node("ghost");
        String line = n.log().await(0, Pattern.compile("ERROR.*Not joining the cluster: .*nosuchnode"), ClusterHarness.VIEW_TIMEOUT);
        assertTrue(line.contains("clusternode") || line.contains("cluster.conf"), "the reason names the configuration: " + line);
        ShellResult r = n.shell("cluster:status").assertFailed();
        assertTrue(r.output().contains("not joined"), "cluster:status says the node has not joined:\n" + r);
        assertTrue(r.output().contains("nosuchnode"), "cluster:status says why: node.name 'nosuchnode' is not in cluster.conf:\n" + r);
        assertNeverJoined(n);
    }

    /**
     * Checks a node whose cluster.conf was refused: {@code cluster:status} fails naming
     * cluster.conf, the element and the reason; the log has the config module's "Refusing
     * FILE:" line, the problem ("FILE:LINE: ELEMENT: REASON") and membership's "Not joining
     * the cluster"; no view was ever installed.
     */
    private static void assertRefused(Node n, String element, String reason) {
        ShellResult r = n.shell("cluster:status").assertFailed();
        String out = r.output();
        assertTrue(out.contains("cluster.conf"), "cluster:status names the file:\n" + r);
        assertTrue(Pattern.compile("cluster\\.conf(:\\d+)?: \\S*" + element).matcher(out).find(),
            "cluster:status names the element (" + element + ") after the file:\n" + r);
        assertTrue(Pattern.compile(reason).matcher(out).find(), "cluster:status gives the reason (" + reason + "):\n" + r);

        n.log().await(0, Pattern.compile("ERROR.*Refusing .*cluster\\.conf"), ClusterHarness.VIEW_TIMEOUT);
        String problem = n.log().await(0, Pattern.compile("ERROR.*cluster\\.conf(:\\d+)?: \\S*" + element), ClusterHarness.VIEW_TIMEOUT);
        assertTrue(Pattern.compile(reason).matcher(problem).find(), "the log gives the reason (" + reason + "): " + problem);
        n.log().await(0, Pattern.compile("ERROR.*Not joining the cluster"), ClusterHarness.VIEW_TIMEOUT);
        assertNeverJoined(n);
    }

    private static void assertNeverJoined(Node n) {
        assertTrue(n.isRunning(), n + " should keep running (and say why it does not join), not exit");
        assertTrue(n.log().views(0).isEmpty(), n + " installed a view: " + n.log().views(0));
        assertFalse(n.log().text().contains("joined cluster"), n + " logged that it joined");
        assertTrue(n.shell("cluster:quorum").failed(), "cluster:quorum must fail too");
    }
}
