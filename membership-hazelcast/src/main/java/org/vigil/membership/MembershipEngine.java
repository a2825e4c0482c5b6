package org.vigil.membership;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeState;
import org.vigil.api.membership.NodeStatus;

/**
 * Vigil's own failure detector and view agreement: authenticated UDP heartbeats between
 * the configured nodes, a peer declared failed after {@code token} of silence or at once
 * when its port is found closed, and views decided by {@link ViewDecider}.
 *
 * <p>Hazelcast's own detector counts whole seconds; this one reacts in a fraction of a
 * second. It runs on two threads: a receiver and a ticker.
 */
final class MembershipEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipEngine.class);
    private static final long TICK_MILLIS = 20;
    private static final Duration REFUSAL_LOG_INTERVAL = Duration.ofSeconds(30);

    private final ClusterConfiguration config;
    private final ClusterNode local;
    private final InetSocketAddress bindAddress;
    private final HeartbeatCodec codec;
    private final long tokenNanos;
    private final long heartbeatIntervalNanos;
    private final Consumer<ViewChange> onViewChange;
    private final long incarnation = new SecureRandom().nextLong();
    private final long startedAt = ProcessHandle.current().info().startInstant()
        .map(Instant::toEpochMilli).orElseGet(System::currentTimeMillis);
    private volatile long startNanos = System.nanoTime();
    private final Map<Integer, PeerRecord> peers = new LinkedHashMap<>();
    private final Map<Integer, DatagramChannel> senders = new HashMap<>();
    private final Map<String, Long> lastRefusalLog = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    private DatagramChannel receiver;
    private ScheduledExecutorService ticker;
    private Thread receiverThread;
    private volatile boolean running;
    private long sequence;
    private long lastSentNanos = Long.MIN_VALUE;
    private long lastTickNanos = Long.MIN_VALUE;
    private ViewDecider.Installed installed;
    private volatile MembershipView view;

    /** A view change: the view before and the new one. */
    record ViewChange(MembershipView previous, MembershipView current) {
    }

    MembershipEngine(ClusterConfiguration config, NodeDefinition localNode, InetSocketAddress bindAddress,
                     ClusterKey key, Consumer<ViewChange> onViewChange) {
        this.config = config;
        this.local = new ClusterNode(localNode.nodeId(), localNode.name());
        this.bindAddress = bindAddress;
        this.codec = new HeartbeatCodec(key);
        this.tokenNanos = config.totem().token().toNanos();
        this.heartbeatIntervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), tokenNanos / 5);
        this.onViewChange = onViewChange;
        for (NodeDefinition n : config.nodes()) {
            if (n.nodeId() != localNode.nodeId()) {
                peers.put(n.nodeId(), new PeerRecord(n));
            }
        }
        this.installed = new ViewDecider.Installed(0, List.of(local.id()));
        this.view = new MembershipView(0, List.of(local), local, Instant.now());
    }

    /** Binds the heartbeat port and starts heartbeating. */
    void start() throws IOException {
        receiver = DatagramChannel.open();
        receiver.bind(bindAddress);
        startNanos = System.nanoTime();
        for (PeerRecord peer : peers.values()) {
            senders.put(peer.node.nodeId(), openSender(peer));
        }
        running = true;
        receiverThread = new Thread(this::receiveLoop, "vigil-heartbeat-receiver");
        receiverThread.setDaemon(true);
        receiverThread.setPriority(Thread.MAX_PRIORITY);
        receiverThread.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-heartbeat-ticker");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("Heartbeating on udp {} as {} (token {} ms, heartbeat every {} ms)", bindAddress, local,
            tokenNanos / 1_000_000, heartbeatIntervalNanos / 1_000_000);
    }

    private DatagramChannel openSender(PeerRecord peer) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(bindAddress.getAddress(), 0));
        channel.configureBlocking(false);
        InetSocketAddress target = peerAddress(peer.node);
        if (!target.isUnresolved()) {
            channel.connect(target);
        }
        return channel;
    }

    private InetSocketAddress peerAddress(NodeDefinition node) {
        return new InetSocketAddress(node.address(), node.port().orElse(MembershipSettings.DEFAULT_PORT));
    }

    MembershipView currentView() {
        return view;
    }

    ClusterNode localNode() {
        return local;
    }

    long incarnation() {
        return incarnation;
    }

    /** @return the incarnation of the named node's process as its heartbeats say, if heard */
    Optional<Long> incarnationOf(String nodeName) {
        if (nodeName.equals(local.name())) {
            return Optional.of(incarnation);
        }
        synchronized (lock) {
            return peers.values().stream().filter(p -> p.node.name().equals(nodeName) && p.last != null)
                .map(p -> p.incarnation).findFirst();
        }
    }

    List<NodeStatus> nodes() {
        List<NodeStatus> out = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (lock) {
            out.add(new NodeStatus(local, NodeState.MEMBER, Optional.of(view.installedAt()),
                bindAddress.getAddress().getHostAddress() + ":" + bindAddress.getPort(), incarnation, ""));
            for (PeerRecord p : peers.values()) {
                ClusterNode node = new ClusterNode(p.node.nodeId(), p.node.name());
                boolean member = view.members().contains(node);
                String host = p.lastAddress.isEmpty() ? p.node.address() : p.lastAddress;
                String address = host + ":" + p.node.port().orElse(MembershipSettings.DEFAULT_PORT);
                NodeState state = member ? NodeState.MEMBER : p.state == NodeState.DISALLOWED ? NodeState.DISALLOWED : NodeState.DEAD;
                String reason = member ? "" : p.state == NodeState.DISALLOWED ? p.reason : p.deathReason(now);
                out.add(new NodeStatus(node, state, Optional.ofNullable(p.since), address, p.incarnation, reason));
            }
        }
        out.sort((a, b) -> Integer.compare(a.node().id(), b.node().id()));
        return out;
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(HeartbeatCodec.MAX_DATAGRAM);
        while (running) {
            try {
                buffer.clear();
                SocketAddress from = receiver.receive(buffer);
                onDatagram(buffer.array(), buffer.position(), from);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.warn("Heartbeat receive failed: {}", e.toString());
                }
            }
        }
    }

    private void onDatagram(byte[] data, int length, SocketAddress from) {
        String host = from instanceof InetSocketAddress isa ? isa.getAddress().getHostAddress() : String.valueOf(from);
        String address = from instanceof InetSocketAddress isa ? host + ":" + isa.getPort() : host;
        Heartbeat hb;
        try {
            hb = codec.decode(data, length);
        } catch (RefusedException e) {
            refuse(address, e.getMessage(), null);
            return;
        }
        if (!hb.clusterName().equals(config.name())) {
            refuse(address, "node '" + hb.nodeName() + "' belongs to cluster '" + hb.clusterName() + "', not '" + config.name() + "'", null);
            return;
        }
        Optional<NodeDefinition> def = config.node(hb.nodeName());
        if (def.isEmpty()) {
            refuse(address, "node '" + hb.nodeName() + "' is not a clusternode of " + config.name() + " in cluster.conf", null);
            return;
        }
        if (def.get().nodeId() != hb.nodeId()) {
            refuse(address, "node '" + hb.nodeName() + "' claims node id " + hb.nodeId() + ", cluster.conf gives " + def.get().nodeId(), peers.get(def.get().nodeId()));
            return;
        }
        if (hb.nodeId() == local.id()) {
            if (hb.incarnation() != incarnation) {
                refuse(address, "another process claims to be this node (" + local + ")", null);
            }
            return;
        }
        long now = System.nanoTime();
        synchronized (lock) {
            PeerRecord peer = peers.get(hb.nodeId());
            if (hb.incarnation() == peer.incarnation) {
                if (hb.sequence() <= peer.lastSequence) {
                    return; // late, duplicated or replayed
                }
            } else if (peer.last != null && hb.startedAt() < peer.startedAt) {
                return; // an older incarnation's datagram
            }
            if (peer.state == NodeState.DISALLOWED) {
                peer.state = NodeState.DEAD;
            }
            peer.incarnation = hb.incarnation();
            peer.startedAt = hb.startedAt();
            peer.lastSequence = hb.sequence();
            peer.lastHeardNanos = now;
            peer.leaving = hb.leaving();
            peer.last = hb;
            peer.lastAddress = host;
        }
    }

    private void refuse(String address, String reason, PeerRecord peer) {
        if (peer != null) {
            synchronized (lock) {
                peer.state = NodeState.DISALLOWED;
                peer.reason = "refused: " + reason;
                peer.since = Instant.now();
            }
        }
        String key = address.substring(0, Math.max(0, address.lastIndexOf(':'))) + "|" + reason;
        long now = System.nanoTime();
        Long last = lastRefusalLog.get(key);
        if (last == null || now - last > REFUSAL_LOG_INTERVAL.toNanos()) {
            lastRefusalLog.put(key, now);
            LOG.warn("Refused heartbeat from {}: {}", address, reason);
        }
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            noteStall(now);
            collectPortErrors(now);
            if (lastSentNanos == Long.MIN_VALUE || now - lastSentNanos >= heartbeatIntervalNanos - TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS / 2)) {
                lastSentNanos = now;
                sendHeartbeats(false);
            }
            evaluate();
        } catch (RuntimeException e) {
            LOG.error("Membership tick failed", e);
        }
    }

    /**
     * A heartbeat thread that was not run for a large part of the token (a long GC pause, an
     * overloaded machine) makes the others declare this node dead: say so, as corosync does.
     */
    private void noteStall(long now) {
        long previous = lastTickNanos;
        lastTickNanos = now;
        if (isStall(previous, now, tokenNanos)) {
            LOG.warn("The heartbeat thread was not scheduled for {} ms (token {} ms): the others may declare this node dead",
                (now - previous) / 1_000_000, tokenNanos / 1_000_000);
        }
    }

    /** @return whether the gap between two ticks ({@code Long.MIN_VALUE}: no tick yet) is more than half the token */
    static boolean isStall(long previousTickNanos, long nowNanos, long tokenNanos) {
        return previousTickNanos != Long.MIN_VALUE && nowNanos - previousTickNanos > tokenNanos / 2;
    }

    /** A connected UDP socket learns from ICMP that the peer's port is closed: its process is gone. */
    private void collectPortErrors(long now) {
        ByteBuffer scratch = ByteBuffer.allocate(1);
        for (Map.Entry<Integer, DatagramChannel> e : senders.entrySet()) {
            DatagramChannel ch = e.getValue();
            if (!ch.isConnected()) {
                continue;
            }
            try {
                scratch.clear();
                ch.read(scratch);
            } catch (PortUnreachableException unreachable) {
                markUnreachable(e.getKey(), now);
            } catch (IOException ignored) {
                // other transient errors are left to the timeout
            }
        }
    }

    private void markUnreachable(int nodeId, long now) {
        synchronized (lock) {
            PeerRecord peer = peers.get(nodeId);
            if (peer.last != null && peer.unreachableNanos < peer.lastHeardNanos) {
                peer.unreachableNanos = now;
            }
        }
    }

    private void sendHeartbeats(boolean leaving) {
        byte[] datagram;
        synchronized (lock) {
            long generation = installed.generation();
            List<Integer> members = installed.members();
            long now = System.nanoTime();
            List<Integer> alive = new ArrayList<>();
            alive.add(local.id());
            peers.values().stream().filter(p -> p.isAlive(now, tokenNanos)).forEach(p -> alive.add(p.node.nodeId()));
            datagram = codec.encode(new Heartbeat(config.name(), local.name(), local.id(), incarnation, startedAt,
                ++sequence, leaving, generation, members, java.util.Set.copyOf(alive)));
        }
        for (Map.Entry<Integer, DatagramChannel> e : senders.entrySet()) {
            DatagramChannel ch = e.getValue();
            try {
                if (ch.isConnected()) {
                    ch.write(ByteBuffer.wrap(datagram));
                } else {
                    InetSocketAddress target = peerAddress(peers.get(e.getKey()).node);
                    if (!target.isUnresolved()) {
                        ch.send(ByteBuffer.wrap(datagram), target);
                    }
                }
            } catch (PortUnreachableException unreachable) {
                markUnreachable(e.getKey(), System.nanoTime());
            } catch (IOException ex) {
                LOG.debug("Heartbeat to node {} failed: {}", e.getKey(), ex.toString());
            }
        }
    }

    private void evaluate() {
        ViewChange change = null;
        synchronized (lock) {
            long now = System.nanoTime();
            Map<Integer, ViewDecider.Heard> heard = new HashMap<>();
            heard.put(local.id(), new ViewDecider.Heard(startedAt, installed.generation(), installed.members()));
            for (PeerRecord p : peers.values()) {
                if (p.isAlive(now, tokenNanos)) {
                    heard.put(p.node.nodeId(), new ViewDecider.Heard(p.startedAt, p.last.viewGeneration(), p.last.viewMembers()));
                }
            }
            boolean mayDecide = now - startNanos >= tokenNanos;
            Optional<ViewDecider.Installed> next = ViewDecider.decide(local.id(), installed, heard, mayDecide);
            if (next.isPresent()) {
                change = install(next.get(), now);
            }
        }
        if (change != null) {
            logChange(change);
            onViewChange.accept(change);
            sendHeartbeats(false); // tell the others at once
        }
    }

    private ViewChange install(ViewDecider.Installed next, long now) {
        MembershipView previous = view;
        List<ClusterNode> members = next.members().stream()
            .map(id -> id == local.id() ? local
                : new ClusterNode(id, peers.containsKey(id) ? peers.get(id).node.name() : "nodeid-" + id))
            .toList();
        installed = next;
        view = new MembershipView(next.generation(), members, local, Instant.now());
        for (PeerRecord p : peers.values()) {
            ClusterNode node = new ClusterNode(p.node.nodeId(), p.node.name());
            boolean wasMember = previous.members().contains(node);
            boolean isMember = members.contains(node);
            if (wasMember != isMember) {
                p.since = view.installedAt();
                if (!isMember) {
                    p.reason = p.deathReason(now);
                }
            }
        }
        return new ViewChange(previous, view);
    }

    private void logChange(ViewChange change) {
        List<ClusterNode> before = change.previous().members();
        List<ClusterNode> after = change.current().members();
        String left = before.stream().filter(n -> !after.contains(n)).map(n -> n + " (" + reasonFor(n) + ")").collect(Collectors.joining(", "));
        String joined = after.stream().filter(n -> !before.contains(n)).map(ClusterNode::toString).collect(Collectors.joining(", "));
        LOG.info("View {}: members {} (coordinator {}){}{}", change.current().generation(), after,
            change.current().coordinator(), joined.isEmpty() ? "" : "; joined " + joined, left.isEmpty() ? "" : "; left " + left);
    }

    private String reasonFor(ClusterNode node) {
        PeerRecord p = peers.get(node.id());
        return p == null ? "" : p.reason;
    }

    /** Stops cleanly: tells the others this node is leaving, so they need not wait for the token. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            for (int i = 0; i < 3; i++) {
                sendHeartbeats(true);
            }
        } catch (RuntimeException ignored) {
            // best effort
        }
        halt();
    }

    /** Stops without a word to the others, as a crashed process would. */
    void halt() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        closeQuietly(receiver);
        senders.values().forEach(MembershipEngine::closeQuietly);
        if (receiverThread != null) {
            try {
                receiverThread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }
}
