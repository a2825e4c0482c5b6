package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vigil.config.ClusterConfReaderTest.described;
import static org.vigil.config.ClusterConfReaderTest.resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.config.ClusterConfigListener;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;

class ClusterConfigStoreImplTest {

    @Test
    void goodFileLoads() throws Exception {
        Path file = resource("tcluster.conf");
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl(file);
        assertEquals("tcluster", store.current().orElseThrow().name());
        assertEquals(3, store.current().orElseThrow().nodes().size());
        assertEquals(List.of(), store.problems());
        assertEquals(file.toAbsolutePath().normalize().toString(), store.location());
    }

    @Test
    void badFileLeavesTheStoreEmptyWithTheProblems() throws Exception {
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl(resource("bad/duplicate-nodeid.conf"));
        assertEquals(Optional.empty(), store.current());
        assertEquals(List.of("6 /cluster/clusternodes/clusternode[3]: nodeid 2 is already used by"
            + " /cluster/clusternodes/clusternode[2] \"node2\" at line 5"), described(store.problems()));
        assertEquals(store.location(), store.problems().get(0).file());
    }

    @Test
    void missingFileIsOneProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.conf");
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl(file);
        assertEquals(Optional.empty(), store.current());
        assertEquals(List.of(new ConfigProblem(file.toString(), 0, "/", "file not found")), store.problems());
    }

    @Test
    void listenersBoundBeforeActivationAreToldOnceLoaded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.copy(resource("loopback.conf"), file);
        List<String> told = new ArrayList<>();
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl();
        store.addListener(c -> told.add("first " + c.name()));
        store.addListener(c -> told.add("second " + c.configVersion()));
        assertEquals(List.of(), told);

        store.activate(Map.of(ClusterConfigStoreImpl.FILE_PROPERTY, file.toString()));

        store.awaitListeners();
        assertEquals(List.of("first loop", "second 3"), told);
    }

    @Test
    void listenersArrivingLaterAreToldAtOnce() throws Exception {
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl(resource("two-node-ipmi.conf"));
        List<ClusterConfiguration> told = new ArrayList<>();
        store.addListener(told::add);
        store.awaitListeners();
        assertEquals(List.of(store.current().orElseThrow()), told);
    }

    @Test
    void listenersAreNotToldOfARefusedFile() throws Exception {
        List<ClusterConfiguration> told = new ArrayList<>();
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl();
        store.addListener(told::add);
        store.load(resource("bad/many-problems.conf"));
        store.addListener(told::add);
        store.awaitListeners();
        assertEquals(List.of(), told);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() throws Exception {
        List<String> told = new ArrayList<>();
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl();
        store.addListener(c -> {
            throw new IllegalStateException("listener bug");
        });
        store.addListener(c -> told.add(c.name()));
        store.load(resource("tcluster.conf"));
        store.awaitListeners();
        assertEquals(List.of("tcluster"), told);
    }

    @Test
    void removedListenersAreNotTold() throws Exception {
        List<String> told = new ArrayList<>();
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl();
        ClusterConfigListener listener = c -> told.add(c.name());
        store.addListener(listener);
        store.removeListener(listener);
        store.load(resource("tcluster.conf"));
        store.awaitListeners();
        assertEquals(List.of(), told);
    }

    @Test
    void fileDefaultsToClusterConfInKarafEtc() throws Exception {
        String before = System.getProperty("karaf.etc");
        try {
            System.setProperty("karaf.etc", "/opt/vigil/etc");
            assertEquals(Path.of("/opt/vigil/etc/cluster.conf"), ClusterConfigStoreImpl.file(Map.of()));
            assertEquals(Path.of("/opt/vigil/etc/cluster.conf"), ClusterConfigStoreImpl.file(null));
            assertEquals(Path.of("/opt/vigil/etc/cluster.conf"),
                ClusterConfigStoreImpl.file(Map.of(ClusterConfigStoreImpl.FILE_PROPERTY, " ")));
            assertEquals(Path.of("/opt/vigil/etc/clusters/b.conf"),
                ClusterConfigStoreImpl.file(Map.of(ClusterConfigStoreImpl.FILE_PROPERTY, "${karaf.etc}/clusters/b.conf")));
            assertEquals(Path.of("/srv/cluster.conf"),
                ClusterConfigStoreImpl.file(Map.of(ClusterConfigStoreImpl.FILE_PROPERTY, "/srv/cluster.conf")));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", before);
            }
        }
    }

    @Test
    void logMessages() throws Exception {
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl(resource("web-mysql-qdisk.conf"));
        assertEquals("Loaded cluster.conf: cluster mycluster, config_version 40, 4 nodes (/etc/cluster/cluster.conf)",
            ClusterConfigStoreImpl.loadedMessage(store.current().orElseThrow(), "/etc/cluster/cluster.conf"));

        List<String> refusal = ClusterConfigStoreImpl.refusalLines("/etc/cluster/cluster.conf", List.of(
            new ConfigProblem("/etc/cluster/cluster.conf", 2, "/cluster", "the cluster has no name"),
            new ConfigProblem("/etc/cluster/cluster.conf", 6, "/cluster/clusternodes/clusternode[3]",
                "nodeid 2 is already used by /cluster/clusternodes/clusternode[2] \"node2\" at line 5")));
        assertEquals(List.of(
            "Refusing /etc/cluster/cluster.conf:",
            "  /etc/cluster/cluster.conf:2: /cluster: the cluster has no name",
            "  /etc/cluster/cluster.conf:6: /cluster/clusternodes/clusternode[3]: nodeid 2 is already used by"
                + " /cluster/clusternodes/clusternode[2] \"node2\" at line 5",
            "This node will not join the cluster until /etc/cluster/cluster.conf is corrected and the node restarted."),
            refusal);
        assertEquals("  /x: /: file not found",
            ClusterConfigStoreImpl.refusalLines("/x", List.of(new ConfigProblem("/x", 0, "/", "file not found"))).get(1));
    }

    @Test
    void withoutAClusterUpdatesChangeThisNodesFileOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.conf");
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl(file);
        assertEquals(Optional.empty(), store.current());

        org.vigil.api.config.ConfigUpdateResult created = store.create("tcluster");
        assertEquals(true, created.accepted(), created.toString());
        assertEquals(true, created.localOnly());
        assertEquals("tcluster", store.current().orElseThrow().name());
        assertEquals(false, store.create("tcluster").accepted());

        ClusterConfiguration skeleton = store.current().orElseThrow();
        ClusterConfiguration edited = new ClusterConfiguration(skeleton.name(), skeleton.configVersion(), skeleton.nodes(),
            skeleton.quorum(), skeleton.totem(), skeleton.quorumDisk(), skeleton.fenceMethods(),
            List.of(org.vigil.api.config.FenceDevice.of("apc", "fence_apc", Map.of("passwd", "secret"))),
            skeleton.resourceManager(), skeleton.layout());
        org.vigil.api.config.ConfigUpdateResult r = store.edit(edited, "addfence apc fence_apc");
        assertEquals(true, r.accepted(), r.toString());
        assertEquals(2, r.version());
        assertEquals(true, r.localOnly());
        assertEquals(2, store.current().orElseThrow().configVersion());
        assertEquals(true, Files.readString(file).contains("passwd=\"secret\""));
        assertEquals(false, store.toXml(store.current().orElseThrow(), true).contains("secret"));
        assertEquals(true, store.toXml(store.current().orElseThrow(), true).contains("passwd=\"****\""));
        assertEquals(List.of(2L, 1L), store.history().stream().map(org.vigil.api.config.ConfigVersionInfo::version).toList());

        org.vigil.api.config.ConfigUpdateResult stale = store.edit(edited, "addfence apc again");
        assertEquals("configuration changed meanwhile: running version is 2, your change was made on 1", stale.reason());
    }
}
