package org.vigil.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.TotemSettings;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeState;
import org.vigil.api.membership.NodeStatus;

/** Real engines heartbeating over loopback UDP in one JVM. */
class MembershipEngineTest {

    private static final Duration TOKEN = Duration.ofMillis(300);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ClusterKey key = ClusterKey.of(filled(7));

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void threeNodesAgreeOnOneViewOrderedByAge() throws Exception {
        ClusterConfiguration config = cluster("demo", freePorts(3));
        List<MembershipEngine> engines = startAll(config, key);
        awaitTrue(() -> engines.stream().allMatch(e -> e.currentView().members().size() == 3), "all see 3 members");
        awaitTrue(() -> engines.stream().map(e -> e.currentView().generation()).distinct().count() == 1, "same generation");
        MembershipView view = engines.get(0).currentView();
        assertEquals(List.of(1, 2, 3), view.members().stream().map(ClusterNode::id).toList(), "started in id order");
        assertEquals("node1", view.coordinator().name());
    }

    @Test
    void aCrashedNodeLeavesTheViewWhenItsPortCloses() throws Exception {
        ClusterConfiguration config = cluster("demo", freePorts(3));
        List<MembershipEngine> engines = startAll(config, key);
        awaitTrue(() -> engines.stream().allMatch(e -> e.currentView().members().size() == 3), "formed");
        long before = System.nanoTime();
        engines.get(2).halt();
        awaitTrue(() -> engines.get(0).currentView().members().size() == 2 && engines.get(1).currentView().members().size() == 2, "node3 gone");
        long millis = (System.nanoTime() - before) / 1_000_000;
        assertTrue(millis < TOKEN.toMillis(), "a closed port is detected before the token expires, took " + millis + " ms");
        NodeStatus node3 = engines.get(0).nodes().get(2);
        assertEquals(NodeState.DEAD, node3.state());
        assertTrue(node3.reason().contains("port closed"), node3.reason());
    }

    @Test
    void aSilentNodeLeavesTheViewAfterTheToken() throws Exception {
        List<Integer> ports = freePorts(3);
        ClusterConfiguration config = cluster("demo", ports);
        List<MembershipEngine> engines = startAll(config.nodes().subList(0, 2), config, key);
        try (FakeNode node3 = new FakeNode(ports.get(2), key, "demo", "node3", 3)) {
            node3.beat(config, 10, 60);
            awaitTrue(() -> engines.get(0).currentView().members().size() == 3, "node3 admitted");
            // node3 goes silent but keeps its port open: only the token can tell
            awaitTrue(() -> engines.get(0).currentView().members().size() == 2, "silent node3 dropped");
            assertTrue(engines.get(0).nodes().get(2).reason().contains("no heartbeat for"), engines.get(0).nodes().get(2).reason());
        }
    }

    @Test
    void nodesWithoutTheKeyOrFromAnotherClusterOrUnknownAreNeverAdmitted() throws Exception {
        List<Integer> ports = freePorts(5);
        ClusterConfiguration config = cluster("demo", ports.subList(0, 3));
        List<MembershipEngine> engines = startAll(config.nodes().subList(0, 2), config, key);
        try (FakeNode wrongKey = new FakeNode(ports.get(2), ClusterKey.of(filled(9)), "demo", "node3", 3);
             FakeNode otherCluster = new FakeNode(ports.get(3), key, "other", "node3", 3);
             FakeNode unknown = new FakeNode(ports.get(4), key, "demo", "intruder", 9)) {
            for (int i = 0; i < 10; i++) {
                wrongKey.beat(config, 1, 0);
                otherCluster.beat(config, 1, 0);
                unknown.beat(config, 1, 0);
                Thread.sleep(30); // pacing the intruders' heartbeats, not waiting for a result
            }
            awaitTrue(() -> engines.get(0).currentView().members().size() == 2, "the two good nodes formed");
            assertFalse(engines.get(0).currentView().contains("node3"));
            assertFalse(engines.get(0).currentView().contains("intruder"));
        }
    }

    @Test
    void aNodeClaimingAnotherIdIsDisallowed() throws Exception {
        List<Integer> ports = freePorts(3);
        ClusterConfiguration config = cluster("demo", ports);
        List<MembershipEngine> engines = startAll(config.nodes().subList(0, 1), config, key);
        try (FakeNode liar = new FakeNode(ports.get(2), key, "demo", "node3", 7)) {
            liar.beat(config, 5, 20);
            awaitTrue(() -> engines.get(0).nodes().get(2).state() == NodeState.DISALLOWED, "node3 disallowed");
            assertTrue(engines.get(0).nodes().get(2).reason().contains("claims node id 7"));
            assertEquals(1, engines.get(0).currentView().members().size());
        }
    }

    // ---- helpers ----

    private List<MembershipEngine> startAll(ClusterConfiguration config, ClusterKey k) throws IOException {
        return startAll(config.nodes(), config, k);
    }

    private List<MembershipEngine> startAll(List<NodeDefinition> nodes, ClusterConfiguration config, ClusterKey k) throws IOException {
        List<MembershipEngine> engines = new ArrayList<>();
        for (NodeDefinition n : nodes) {
            MembershipEngine e = new MembershipEngine(config, n,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), n.port().getAsInt()), k, change -> { });
            toClose.add(e);
            e.start();
            engines.add(e);
        }
        return engines;
    }

    private static ClusterConfiguration cluster(String name, List<Integer> ports) {
        List<NodeDefinition> nodes = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            nodes.add(new NodeDefinition("node" + (i + 1), i + 1, 1, "127.0.0.1", OptionalInt.of(ports.get(i))));
        }
        return new ClusterConfiguration(name, 1, nodes, QuorumSettings.defaults(), new TotemSettings(TOKEN), java.util.Optional.empty());
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<Integer> ports = new ArrayList<>();
        List<DatagramChannel> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            held.add(ch);
            ports.add(((InetSocketAddress) ch.getLocalAddress()).getPort());
        }
        for (DatagramChannel ch : held) {
            ch.close();
        }
        return ports;
    }

    private static byte[] filled(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** A hand-driven peer: sends heartbeats from a bound port, then stays silent with the port open. */
    private static final class FakeNode implements AutoCloseable {
        private final DatagramChannel channel;
        private final HeartbeatCodec codec;
        private final String cluster;
        private final String name;
        private final int id;
        private long sequence;

        FakeNode(int port, ClusterKey key, String cluster, String name, int id) throws IOException {
            this.channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            this.codec = new HeartbeatCodec(key);
            this.cluster = cluster;
            this.name = name;
            this.id = id;
        }

        void beat(ClusterConfiguration config, int times, long pauseMillis) throws Exception {
            for (int i = 0; i < times; i++) {
                byte[] data = codec.encode(new Heartbeat(cluster, name, id, 99L, 5L, ++sequence, false, 0L, List.of(id), Set.of(id)));
                for (NodeDefinition n : config.nodes()) {
                    channel.send(ByteBuffer.wrap(data), new InetSocketAddress("127.0.0.1", n.port().getAsInt()));
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis); // heartbeat pacing of the fake peer
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
