package org.vigil.shell.ccs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.config.ClusterConfReader;
import org.vigil.config.ClusterConfWriter;

/** The ccs: edits reproduce seed 001's ccs_tool session: create, addfence, addnode ×3. */
class ConfigEditsTest {

    static final String SKELETON = "<?xml version=\"1.0\"?>\n<cluster name=\"tcluster\" config_version=\"1\">\n"
        + "  <clusternodes/>\n  <fencedevices/>\n  <rm>\n    <failoverdomains/>\n    <resources/>\n  </rm>\n</cluster>\n";

    static ClusterConfiguration read(String xml) throws Exception {
        return new ClusterConfReader().read("test", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** What the coordinator does with an edit: the next version, written and read back. */
    static ClusterConfiguration next(ClusterConfiguration edited) throws Exception {
        return read(new ClusterConfWriter().write(ConfigEdits.withVersion(edited, edited.configVersion() + 1)));
    }

    @Test
    void seed001SessionGivesTheSeedFile() throws Exception {
        ClusterConfiguration c = read(SKELETON);
        c = next(ConfigEdits.addFence(c, "meatware", "fence_manual", Map.of()));
        assertEquals(2, c.configVersion());
        for (int i = 1; i <= 3; i++) {
            c = next(ConfigEdits.addNode(c, "node" + i + ".magedu.com", 1, OptionalInt.of(i), "meatware", Map.of(), null,
                null, "/etc/cluster/cluster.conf"));
        }
        assertEquals(5, c.configVersion());
        String seed = "<?xml version=\"1.0\"?>\n<cluster name=\"tcluster\" config_version=\"5\">\n<clusternodes>\n"
            + "<clusternode name=\"node1.magedu.com\" votes=\"1\" nodeid=\"1\"><fence><method name=\"single\"><device name=\"meatware\"/></method></fence></clusternode>\n"
            + "<clusternode name=\"node2.magedu.com\" votes=\"1\" nodeid=\"2\"><fence><method name=\"single\"><device name=\"meatware\"/></method></fence></clusternode>\n"
            + "<clusternode name=\"node3.magedu.com\" votes=\"1\" nodeid=\"3\"><fence><method name=\"single\"><device name=\"meatware\"/></method></fence></clusternode>\n"
            + "</clusternodes>\n<fencedevices><fencedevice name=\"meatware\" agent=\"fence_manual\"/></fencedevices>\n"
            + "<rm>\n<failoverdomains/>\n<resources/>\n</rm>\n</cluster>\n";
        assertEquals(new ClusterConfWriter().write(read(seed)), new ClusterConfWriter().write(c));
        assertEquals("meatware", LsNodeCommand.fenceType(c, "node2.magedu.com"));
    }

    @Test
    void refusalsSayWhatCcsToolSaid() throws Exception {
        ClusterConfiguration c = read(SKELETON);
        c = next(ConfigEdits.addFence(c, "meatware", "fence_manual", Map.of()));
        ClusterConfiguration withNode = next(ConfigEdits.addNode(c, "a", 1, OptionalInt.of(1), null, Map.of(), null, null, "F"));
        assertEquals("node a already exists in F", assertThrows(IllegalArgumentException.class,
            () -> ConfigEdits.addNode(withNode, "a", 1, OptionalInt.empty(), null, Map.of(), null, null, "F")).getMessage());
        assertEquals("nodeid 1 already in use", assertThrows(IllegalArgumentException.class,
            () -> ConfigEdits.addNode(withNode, "b", 1, OptionalInt.of(1), null, Map.of(), null, null, "F")).getMessage());
        assertEquals("fence type 'apc' not known", assertThrows(IllegalArgumentException.class,
            () -> ConfigEdits.addNode(withNode, "b", 1, OptionalInt.empty(), "apc", Map.of(), null, null, "F")).getMessage());
        assertEquals("fence type meatware already exists", assertThrows(IllegalArgumentException.class,
            () -> ConfigEdits.addFence(withNode, "meatware", "fence_manual", Map.of())).getMessage());
        assertEquals("fence type apc does not exist", assertThrows(IllegalArgumentException.class,
            () -> ConfigEdits.delFence(withNode, "apc")).getMessage());
        assertEquals("node zz does not exist in F", assertThrows(IllegalArgumentException.class,
            () -> ConfigEdits.delNode(withNode, "zz", "F")).getMessage());
        assertEquals("option 'port' is not opt=value pair", assertThrows(IllegalArgumentException.class,
            () -> ConfigEdits.pairs(List.of("port"))).getMessage());
        assertEquals(2, ConfigEdits.freeNodeId(withNode));
    }

    @Test
    void delNodeRemovesItsFencingToo() throws Exception {
        ClusterConfiguration c = read(SKELETON);
        c = next(ConfigEdits.addFence(c, "apc", "fence_apc", Map.of("ipaddr", "10.0.0.9", "passwd", "secret")));
        c = next(ConfigEdits.addNode(c, "a", 2, OptionalInt.empty(), "apc", Map.of("port", "3"), "127.0.0.1", 7101, "F"));
        c = next(ConfigEdits.addNode(c, "b", 1, OptionalInt.empty(), null, Map.of(), null, null, "F"));
        assertEquals(List.of(1, 2), c.nodes().stream().map(n -> n.nodeId()).toList());
        assertEquals(OptionalInt.of(7101), c.node("a").orElseThrow().port());
        c = next(ConfigEdits.delNode(c, "a", "F"));
        assertEquals(List.of("b"), c.nodes().stream().map(n -> n.name()).toList());
        assertEquals(List.of(), c.fenceMethods("a"));
        c = next(ConfigEdits.delFence(c, "apc"));
        assertEquals(List.of(), c.fenceDevices());
    }
}
