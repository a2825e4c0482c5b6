package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.config.ClusterConfReaderTest.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigUpdateResult;
import org.vigil.api.config.ConfigVersionInfo;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.messaging.NodeUnreachableException;

/**
 * Three configuration nodes in one JVM, each with its own directory, wired through an
 * in-memory messaging that calls the receiving node's handler on another thread (as the
 * real messaging does): the update protocol end to end, without processes.
 */
class ConfigDistributionTest {

    static final List<String> NAMES = List.of("node1.magedu.com", "node2.magedu.com", "node3.magedu.com");

    @TempDir
    Path dir;

    final Map<String, ConfigNode> nodes = new LinkedHashMap<>();
    final Map<String, ConfigFiles> files = new LinkedHashMap<>();
    final Map<String, List<Long>> told = new ConcurrentHashMap<>();
    final Set<String> up = ConcurrentHashMap.newKeySet();
    final Set<String> inCluster = ConcurrentHashMap.newKeySet();
    volatile boolean quorate = true;
    final ExecutorService wire = Executors.newCachedThreadPool();

    @BeforeEach
    void threeNodes() throws Exception {
        for (int i = 0; i < NAMES.size(); i++) {
            start(NAMES.get(i), ConfigFiles.FORCED);
        }
    }

    void start(String name, ConfigFiles.ContentWriter writer) throws Exception {
        Path conf = dir.resolve(name).resolve("cluster.conf");
        Files.createDirectories(conf.getParent());
        if (!Files.exists(conf)) {
            Files.copy(resource("tcluster.conf"), conf);
        }
        ConfigFiles f = new ConfigFiles(conf, 20, writer);
        List<Long> versions = new CopyOnWriteArrayList<>();
        told.put(name, versions);
        ConfigNode n = new ConfigNode(f, () -> state(name), c -> versions.add(c.configVersion()), () -> name,
            Clock.systemUTC());
        n.load();
        nodes.put(name, n);
        files.put(name, f);
        up.add(name);
        inCluster.add(name);
    }

    @AfterEach
    void stopWire() {
        wire.shutdownNow();
    }

    final Set<String> messagingDown = ConcurrentHashMap.newKeySet();

    ClusterLink.State state(String local) {
        if (messagingDown.contains(local)) {
            return new ClusterLink.State(null, "cluster messaging is not up yet");
        }
        if (!inCluster.contains(local)) {
            return ClusterLink.State.ALONE;
        }
        return new ClusterLink.State(new ClusterLink() {
            @Override
            public String localNode() {
                return local;
            }

            @Override
            public MembershipView view() {
                List<ClusterNode> members = new ArrayList<>();
                for (int i = 0; i < NAMES.size(); i++) {
                    if (up.contains(NAMES.get(i))) {
                        members.add(new ClusterNode(i + 1, NAMES.get(i)));
                    }
                }
                return new MembershipView(1, members, new ClusterNode(NAMES.indexOf(local) + 1, local), Instant.now());
            }

            @Override
            public Optional<String> notQuorate() {
                return quorate ? Optional.empty() : Optional.of("1 of 3 votes, quorum is 2");
            }

            @Override
            public CompletableFuture<byte[]> request(String node, byte[] payload, Duration timeout) {
                if (!up.contains(node)) {
                    return CompletableFuture.failedFuture(new NodeUnreachableException("node '" + node + "' is not a member"));
                }
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return nodes.get(node).onMessage(local, payload);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, wire).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }, null);
    }

    static ClusterConfiguration withNode(ClusterConfiguration c, String name, int id) {
        List<NodeDefinition> more = new ArrayList<>(c.nodes());
        more.add(new NodeDefinition(name, id, 1, name, OptionalInt.empty()));
        return new ClusterConfiguration(c.name(), c.configVersion(), more, c.quorum(), c.totem(), c.quorumDisk(),
            c.fenceMethods(), c.fenceDevices(), c.resourceManager(), c.layout());
    }

    ConfigUpdateResult addNode(String on, String name, int id) {
        ConfigNode n = nodes.get(on);
        return n.submit(new Proposal(Proposal.Kind.EDIT, new ClusterConfWriter().write(withNode(n.running().orElseThrow(), name, id)),
            n.running().orElseThrow().configVersion(), 0, "addnode " + name, on));
    }

    byte[] bytes(String node) throws IOException {
        return Files.readAllBytes(files.get(node).file());
    }

    long version(String node) {
        return nodes.get(node).running().orElseThrow().configVersion();
    }

    @Test
    void anEditOnOneNodeRunsOnEveryNodeAsTheNextVersion() throws Exception {
        ConfigUpdateResult r = addNode("node2.magedu.com", "node4.magedu.com", 4);

        assertTrue(r.accepted(), r.toString());
        assertEquals(6, r.version());
        assertEquals(NAMES, r.applied());
        assertEquals(Map.of(), r.failed());
        for (String n : NAMES) {
            assertEquals(6, version(n), n);
            assertArrayEquals(bytes("node1.magedu.com"), bytes(n), n);
            assertArrayEquals(Files.readAllBytes(resource("tcluster.conf")), Files.readAllBytes(files.get(n).backup(5)), n);
            assertEquals(List.of(5L, 6L), told.get(n), n);
            ConfigVersionInfo newest = nodes.get(n).history().get(0);
            assertEquals(6, newest.version());
            assertEquals("node2.magedu.com", newest.node());
            assertEquals("addnode node4.magedu.com", newest.change());
            assertTrue(newest.running());
        }
        assertTrue(new String(bytes("node3.magedu.com"), StandardCharsets.UTF_8).contains("node4.magedu.com"));
    }

    @Test
    void twoConcurrentEditsNeverBothWin() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<ConfigUpdateResult> a = two.submit(() -> {
                go.await();
                return addNode("node2.magedu.com", "node4.magedu.com", 4);
            });
            Future<ConfigUpdateResult> b = two.submit(() -> {
                go.await();
                return addNode("node3.magedu.com", "node5.magedu.com", 5);
            });
            go.countDown();
            ConfigUpdateResult ra = a.get(30, TimeUnit.SECONDS);
            ConfigUpdateResult rb = b.get(30, TimeUnit.SECONDS);
            assertTrue(ra.accepted() ^ rb.accepted(), ra + " / " + rb);
            ConfigUpdateResult lost = ra.accepted() ? rb : ra;
            assertEquals("configuration changed meanwhile: running version is 6, your change was made on 5", lost.reason());
            for (String n : NAMES) {
                assertEquals(6, version(n), n);
                assertArrayEquals(bytes("node1.magedu.com"), bytes(n), n);
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void withoutQuorumNothingChanges() throws Exception {
        quorate = false;
        byte[] before = bytes("node1.magedu.com");
        ConfigUpdateResult r = addNode("node3.magedu.com", "node4.magedu.com", 4);
        assertFalse(r.accepted());
        assertEquals("the cluster is not quorate (1 of 3 votes, quorum is 2): configuration changes need quorum", r.reason());
        for (String n : NAMES) {
            assertArrayEquals(before, bytes(n), n);
            assertEquals(5, version(n));
        }
    }

    @Test
    void aBadDocumentIsRefusedWholeAndNoFileChanges() throws Exception {
        byte[] before = bytes("node1.magedu.com");
        String bad = new String(before, StandardCharsets.UTF_8).replace("config_version=\"5\"", "config_version=\"6\"")
            .replace("nodeid=\"3\"", "nodeid=\"2\"").replace("votes=\"1\" nodeid=\"1\"", "votes=\"-1\" nodeid=\"1\"");
        ConfigUpdateResult r = nodes.get("node2.magedu.com").submit(
            new Proposal(Proposal.Kind.UPDATE, bad, 0, 0, "update bad.conf", "node2.magedu.com"));
        assertFalse(r.accepted());
        assertEquals("the configuration does not validate: 2 problems", r.reason());
        assertEquals(2, r.problems().size(), r.problems().toString());
        for (String n : NAMES) {
            assertArrayEquals(before, bytes(n), n);
            assertEquals(List.of("cluster.conf"), ConfigFilesTest.names(files.get(n).file().getParent()), n);
        }
    }

    @Test
    void aNodeThatCannotWriteKeepsItsVersionAndIsNamed() throws Exception {
        up.remove("node3.magedu.com");
        nodes.remove("node3.magedu.com");
        start("node3.magedu.com", (file, content) -> {
            throw new FileSystemException(file.toString(), null, "No space left on device");
        });
        byte[] before = bytes("node3.magedu.com");

        ConfigUpdateResult r = addNode("node1.magedu.com", "node4.magedu.com", 4);

        assertTrue(r.accepted(), r.toString());
        assertEquals(List.of("node1.magedu.com", "node2.magedu.com"), r.applied());
        assertEquals(Set.of("node3.magedu.com"), r.failed().keySet());
        assertTrue(r.failed().get("node3.magedu.com").contains("No space left on device"), r.failed().toString());
        assertTrue(r.failed().get("node3.magedu.com").contains("keeps config_version 5"), r.failed().toString());
        assertEquals(5, version("node3.magedu.com"));
        assertArrayEquals(before, bytes("node3.magedu.com"));
    }

    @Test
    void aNodeThatMissedTwoUpdatesCatchesUpWhenItRejoins() throws Exception {
        up.remove("node3.magedu.com");
        assertTrue(addNode("node1.magedu.com", "node4.magedu.com", 4).accepted());
        assertTrue(addNode("node2.magedu.com", "node5.magedu.com", 5).accepted());
        assertEquals(5, version("node3.magedu.com"));

        up.add("node3.magedu.com");
        nodes.get("node3.magedu.com").catchUp();

        assertEquals(7, version("node3.magedu.com"));
        assertArrayEquals(bytes("node1.magedu.com"), bytes("node3.magedu.com"));
        assertEquals(List.of(7L, 6L, 5L), nodes.get("node3.magedu.com").history().stream().map(ConfigVersionInfo::version).toList());
        assertEquals("node2.magedu.com", nodes.get("node3.magedu.com").history().get(0).node());
    }

    @Test
    void aNewerVersionMadeOnALoneNodeWinsWhenItRejoins() throws Exception {
        up.remove("node3.magedu.com");
        inCluster.remove("node3.magedu.com");
        ConfigUpdateResult alone = addNode("node3.magedu.com", "node9.magedu.com", 9);
        assertTrue(alone.accepted() && alone.localOnly(), alone.toString());
        assertEquals(6, version("node3.magedu.com"));
        assertEquals(5, version("node1.magedu.com"));

        up.add("node3.magedu.com");
        inCluster.add("node3.magedu.com");
        nodes.get("node3.magedu.com").catchUp();

        for (String n : NAMES) {
            assertEquals(6, version(n), n);
            assertArrayEquals(bytes("node3.magedu.com"), bytes(n), n);
        }
    }

    @Test
    void rollbackBringsAnOldContentBackAsANewVersion() throws Exception {
        assertTrue(addNode("node1.magedu.com", "node4.magedu.com", 4).accepted());
        ConfigUpdateResult r = nodes.get("node2.magedu.com").submit(
            new Proposal(Proposal.Kind.ROLLBACK, "", 0, 5, "rollback to 5", "node2.magedu.com"));
        assertTrue(r.accepted(), r.toString());
        assertEquals(7, r.version());
        for (String n : NAMES) {
            ClusterConfiguration c = nodes.get(n).running().orElseThrow();
            assertEquals(7, c.configVersion());
            assertEquals(3, c.nodes().size());
        }
        ConfigUpdateResult missing = nodes.get("node2.magedu.com").submit(
            new Proposal(Proposal.Kind.ROLLBACK, "", 0, 2, "rollback to 2", "node2.magedu.com"));
        assertEquals("config_version 2 is not kept on node1.magedu.com (kept: 5, 6, 7 (running))", missing.reason());
    }

    @Test
    void anUpdateWaitsForMessagingToComeUp() throws Exception {
        messagingDown.add("node2.magedu.com");
        java.util.concurrent.ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            later.schedule(() -> messagingDown.remove("node2.magedu.com"), 500, TimeUnit.MILLISECONDS);
            ConfigUpdateResult r = addNode("node2.magedu.com", "node4.magedu.com", 4);
            assertTrue(r.accepted(), r.toString());
            assertEquals(6, version("node3.magedu.com"));
        } finally {
            later.shutdownNow();
        }
    }
}
