package org.vigil.fence.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeState;
import org.vigil.api.membership.NodeStatus;
import org.vigil.api.messaging.ClusterMessage;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.NodeUnreachableException;
import org.vigil.api.quorum.QuorumService;
import org.vigil.api.quorum.QuorumState;
import org.vigil.config.ClusterConfReader;

/**
 * Several fencing daemons in one JVM over fake membership, quorum and messaging: the test
 * installs views (and says whether each is quorate) on the nodes it chooses, and messages go
 * to the members of the sender's view, asynchronously, as the real transport delivers them.
 */
final class FakeCluster implements AutoCloseable {

    final ClusterConfiguration config;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    private final ExecutorService bus = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-bus");
        t.setDaemon(true);
        return t;
    });
    private long generation;

    FakeCluster(String clusterConf) throws Exception {
        config = new ClusterConfReader().read("cluster.conf", clusterConf.getBytes(StandardCharsets.UTF_8));
    }

    final class Node implements MembershipService, QuorumService, ClusterMessaging, ClusterConfigStore {
        final String name;
        final ClusterNode id;
        volatile MembershipView view;
        volatile QuorumState quorum;
        volatile boolean up = true;
        final Set<String> leftCleanly = ConcurrentHashMap.newKeySet();
        FenceDaemon daemon;

        Node(String name) {
            this.name = name;
            NodeDefinition d = config.node(name).orElseThrow();
            this.id = new ClusterNode(d.nodeId(), name);
            this.view = new MembershipView(0, List.of(id), id, Instant.now());
            this.quorum = new QuorumState(false, 0, 0, 0, 0, 0, 0, 1, Set.of(), "starting");
        }

        @Override
        public ClusterNode localNode() {
            return id;
        }

        @Override
        public MembershipView currentView() {
            return view;
        }

        @Override
        public List<NodeStatus> nodes() {
            List<NodeStatus> out = new ArrayList<>();
            for (NodeDefinition d : config.nodes()) {
                boolean member = view.contains(d.name());
                out.add(new NodeStatus(new ClusterNode(d.nodeId(), d.name()), member ? NodeState.MEMBER : NodeState.DEAD,
                    Optional.empty(), "127.0.0.1", 1, member ? "" : leftCleanly.contains(d.name())
                        ? FenceDaemon.CLEAN_LEAVE_REASON : "no heartbeat for 700 ms"));
            }
            return out;
        }

        @Override
        public boolean isJoined() {
            return true;
        }

        @Override
        public QuorumState state() {
            return quorum;
        }

        @Override
        public Optional<ClusterConfiguration> current() {
            return Optional.of(config);
        }

        @Override
        public List<ConfigProblem> problems() {
            return List.of();
        }

        @Override
        public String location() {
            return "cluster.conf";
        }

        @Override
        public void send(String node, String topic, byte[] payload) throws NodeUnreachableException {
            Node to = reachable(node);
            bus.execute(() -> deliver(to, new ClusterMessage(name, topic, payload, false)));
        }

        @Override
        public void broadcast(String topic, byte[] payload) {
            for (ClusterNode m : view.members()) {
                Node to = nodes.get(m.name());
                if (to != null && to.up) {
                    bus.execute(() -> deliver(to, new ClusterMessage(name, topic, payload, false)));
                }
            }
        }

        @Override
        public CompletableFuture<byte[]> request(String node, String topic, byte[] payload, Duration timeout) {
            Node to;
            try {
                to = reachable(node);
            } catch (NodeUnreachableException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return to.daemon.onMessage(new ClusterMessage(name, topic, payload, true));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, bus);
        }

        private Node reachable(String node) throws NodeUnreachableException {
            Node to = nodes.get(node);
            if (to == null || !to.up || !view.contains(node)) {
                throw new NodeUnreachableException(node + " is not a member");
            }
            return to;
        }

        private void deliver(Node to, ClusterMessage m) {
            if (!to.up || to.daemon == null) {
                return;
            }
            try {
                to.daemon.onMessage(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Starts a daemon on a node, with these agents installed. */
    Node start(String name, FenceSettings settings, FenceAgent... agents) {
        Node n = new Node(name);
        nodes.put(name, n);
        n.daemon = FenceDaemon.create(n, n, n, n, settings);
        for (FenceAgent a : agents) {
            n.daemon.addAgent(a, Map.of(FenceAgent.TYPE_PROPERTY, a.metadata().type()));
        }
        n.daemon.start();
        n.daemon.sync();
        return n;
    }

    /** Installs a view (members oldest first) on the named nodes, quorate or not. */
    void view(List<String> members, boolean quorate, String... on) {
        long g = ++generation;
        for (String nodeName : on) {
            Node n = nodes.get(nodeName);
            List<ClusterNode> ms = members.stream().map(m -> config.node(m).orElseThrow())
                .map(d -> new ClusterNode(d.nodeId(), d.name())).toList();
            MembershipView previous = n.view;
            QuorumState previousQ = n.quorum;
            n.view = new MembershipView(g, ms, n.id, Instant.now());
            n.quorum = new QuorumState(quorate, g, 3, members.size(), 2, 1, 0, members.size(), Set.of(),
                quorate ? "quorate" : "not quorate");
            n.daemon.viewChanged(previous, n.view);
            n.daemon.quorumChanged(previousQ, n.quorum);
        }
    }

    /** The node's process dies: its daemon stops, nothing reaches it any more. */
    void crash(String name) {
        Node n = nodes.get(name);
        n.up = false;
        n.daemon.stop();
    }

    FenceDaemon daemon(String name) {
        return nodes.get(name).daemon;
    }

    static FenceSettings settings(Path history) {
        return new FenceSettings(Duration.ofSeconds(5), new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)),
            200, history);
    }

    static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    @Override
    public void close() {
        for (Node n : nodes.values()) {
            if (n.up) {
                n.up = false;
                n.daemon.stop();
            }
        }
        bus.shutdownNow();
    }

}
