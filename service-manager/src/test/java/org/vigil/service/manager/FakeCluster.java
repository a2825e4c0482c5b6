package org.vigil.service.manager;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceOutcome;
import org.vigil.api.fence.FencingService;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeStatus;
import org.vigil.api.messaging.ClusterMessage;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.messaging.NodeUnreachableException;
import org.vigil.api.quorum.QuorumService;
import org.vigil.api.quorum.QuorumState;
import org.vigil.api.resource.LocalResourceManager;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceState;
import org.vigil.api.resource.ResourceStatus;
import org.vigil.config.ClusterConfReader;

/**
 * Several service managers in one JVM, wired to in-memory membership, quorum (majority of the
 * configured nodes), messaging (in order per receiver), fencing (a set of fenced nodes) and one
 * resource manager per node whose resources run in memory (starts can be made to fail; a running
 * resource can be made to fail as a monitor would find it).
 */
final class FakeCluster implements AutoCloseable {

    final ClusterConfiguration config;
    final Map<String, Member> members = new LinkedHashMap<>();
    final Set<String> fenced = ConcurrentHashMap.newKeySet();
    private final List<String> up = Collections.synchronizedList(new ArrayList<>());
    private long generation = 1;

    FakeCluster(String clusterConf) throws Exception {
        config = new ClusterConfReader().read("test cluster.conf", clusterConf.getBytes(StandardCharsets.UTF_8));
        config.nodes().forEach(n -> members.put(n.name(), new Member(n.name(), n.nodeId())));
    }

    /** One node. */
    final class Member {
        final String name;
        final ClusterNode node;
        final FakeLrm lrm = new FakeLrm();
        final ExecutorService inbox = Executors.newSingleThreadExecutor();
        ServiceManagerComponent sm;
        volatile MembershipView view;
        volatile Boolean quorateOverride;

        Member(String name, int id) {
            this.name = name;
            this.node = new ClusterNode(id, name);
        }

        boolean quorate() {
            Boolean o = quorateOverride;
            return o != null ? o : view != null && view.members().size() * 2 > config.nodes().size();
        }

        void start() {
            lrm.configure(config);
            view = new MembershipView(generation, List.of(node), node, Instant.now());
            MembershipService ms = new MembershipService() {
                @Override
                public ClusterNode localNode() {
                    return node;
                }

                @Override
                public MembershipView currentView() {
                    return view;
                }

                @Override
                public List<NodeStatus> nodes() {
                    return List.of();
                }

                @Override
                public boolean isJoined() {
                    return true;
                }
            };
            QuorumService qs = () -> new QuorumState(quorate(), view.generation(), config.nodes().size(),
                view.members().size(), config.nodes().size() / 2 + 1, 1, 0, view.members().size(), Set.of(),
                quorate() ? "quorate" : "only " + view.members().size() + " of " + config.nodes().size() + " votes");
            ClusterConfigStore store = new ClusterConfigStore() {
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
                    return "memory";
                }
            };
            sm = ServiceManagerComponent.of(ms, qs, lrm, store, new Bus(this), new Fencing());
            sm.activate();
        }
    }

    /** Starts the named nodes and installs a view of every node up. */
    void start(String... names) {
        for (String n : names) {
            members.get(n).start();
            up.add(n);
        }
        installView();
    }

    /** The node's process dies (kill -9): its component is gone, the others get a view without it. */
    void kill(String name) {
        Member m = members.get(name);
        up.remove(name);
        m.sm.halt();
        m.sm = null;
        m.inbox.shutdownNow();
        installView();
    }

    /**
     * The node shuts down cleanly (bin/stop): its component is deactivated as DS does (which returns once
     * its services are stopped or moved away), then the others get a view without it.
     */
    void stopCleanly(String name) {
        Member m = members.get(name);
        m.sm.deactivate();
        up.remove(name);
        m.sm = null;
        m.inbox.shutdownNow();
        installView();
    }

    /** The node is fenced (its resources are gone with it). */
    void fence(String name) {
        fenced.add(name);
        members.get(name).lrm.powerOff();
        for (String n : List.copyOf(up)) {
            members.get(n).sm.fenced(new FenceOutcome(name, FenceAction.OFF, true, "fake", "test", Instant.now(), "fenced"));
        }
    }

    synchronized void installView() {
        generation++;
        List<ClusterNode> nodes = new ArrayList<>();
        for (String n : List.copyOf(up)) {
            nodes.add(members.get(n).node);
        }
        for (ClusterNode n : nodes) {
            Member m = members.get(n.name());
            MembershipView before = m.view;
            QuorumState qb = new QuorumState(m.quorate(), before.generation(), 0, 0, 0, 0, 0, 0, Set.of(), "");
            m.view = new MembershipView(generation, nodes, n, Instant.now());
            m.sm.viewChanged(before, m.view);
            m.sm.quorumChanged(qb, new QuorumState(m.quorate(), generation, 0, 0, 0, 0, 0, 0, Set.of(), ""));
        }
    }

    void setQuorate(String name, boolean quorate) {
        Member m = members.get(name);
        QuorumState before = new QuorumState(m.quorate(), 0, 0, 0, 0, 0, 0, 0, Set.of(), "");
        m.quorateOverride = quorate;
        m.sm.quorumChanged(before, new QuorumState(quorate, 0, 0, 0, 0, 0, 0, 0, Set.of(), quorate ? "quorate" : "test: no quorum"));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        for (Member m : members.values()) {
            if (m.sm != null) {
                m.sm.halt();
            }
            m.inbox.shutdownNow();
        }
    }

    /** Messaging between the members that are up. */
    private final class Bus implements ClusterMessaging {
        private final Member from;

        Bus(Member from) {
            this.from = from;
        }

        @Override
        public void send(String node, String topic, byte[] payload) throws NodeUnreachableException {
            Member to = members.get(node);
            if (to == null || !up.contains(node) || !from.view.contains(node)) {
                throw new NodeUnreachableException(node + " is not a member");
            }
            to.inbox.execute(() -> {
                ServiceManagerComponent sm = to.sm;
                if (sm != null && up.contains(from.name)) {
                    try {
                        sm.onMessage(new ClusterMessage(from.name, topic, payload, false));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }

        @Override
        public void broadcast(String topic, byte[] payload) {
            for (ClusterNode n : from.view.members()) {
                try {
                    send(n.name(), topic, payload);
                } catch (NodeUnreachableException e) {
                    // gone meanwhile
                }
            }
        }

        @Override
        public CompletableFuture<byte[]> request(String node, String topic, byte[] payload, Duration timeout) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("the service manager sends one-way messages"));
        }
    }

    /** Fencing: a node is safely fenced once the test says so. */
    private final class Fencing implements FencingService {
        @Override
        public CompletableFuture<FenceOutcome> fence(String node, FenceAction action) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isSafelyFenced(String node) {
            return fenced.contains(node);
        }

        @Override
        public void acknowledge(String node) {
            fenced.add(node);
        }

        @Override
        public List<FenceOutcome> history() {
            return List.of();
        }
    }

    /** A resource manager whose resources run in memory; it records every operation. */
    static final class FakeLrm implements LocalResourceManager {
        final Map<String, ResourceState> states = new ConcurrentHashMap<>();
        final Set<String> failStart = ConcurrentHashMap.newKeySet();
        final Set<String> failStop = ConcurrentHashMap.newKeySet();
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        void configure(ClusterConfiguration config) {
            for (var s : config.resourceManager().services()) {
                for (String r : ServiceTree.startOrder(config, s.name())) {
                    states.putIfAbsent(r, ResourceState.STOPPED);
                }
            }
        }

        void powerOff() {
            states.replaceAll((k, v) -> ResourceState.STOPPED);
        }

        /** As the resource manager does after a failed monitor: stopped, FAILED. */
        void monitorFails(String resource) {
            log.add("monitor-failed " + resource);
            states.put(resource, ResourceState.FAILED);
        }

        List<String> ops() {
            synchronized (log) {
                return List.copyOf(log);
            }
        }

        @Override
        public List<ResourceStatus> resources() {
            List<ResourceStatus> out = new ArrayList<>();
            states.forEach((n, s) -> out.add(new ResourceStatus(new ResourceInstance(n, n.substring(0, n.indexOf(':')),
                Map.of()), s, 0, Optional.empty())));
            return out;
        }

        @Override
        public CompletableFuture<OperationRecord> run(String resource, ResourceOperation operation) {
            if (!states.containsKey(resource)) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            log.add(operation.name().toLowerCase() + " " + resource);
            OcfResult result;
            if (operation == ResourceOperation.START && failStart.contains(resource)) {
                states.put(resource, ResourceState.FAILED);
                result = new OcfResult(OcfStatus.ERR_GENERIC, "test: start fails");
            } else if (operation == ResourceOperation.STOP && failStop.contains(resource)) {
                result = new OcfResult(OcfStatus.ERR_GENERIC, "test: stop fails");
            } else {
                if (operation == ResourceOperation.START) {
                    states.put(resource, ResourceState.RUNNING);
                } else if (operation == ResourceOperation.STOP) {
                    states.put(resource, ResourceState.STOPPED);
                }
                result = new OcfResult(OcfStatus.SUCCESS, "ok");
            }
            return CompletableFuture.completedFuture(new OperationRecord(resource, operation, result, Instant.now(),
                Duration.ofMillis(1)));
        }

        @Override
        public CompletableFuture<List<ResourceStatus>> probe() {
            return CompletableFuture.completedFuture(resources());
        }

        @Override
        public void cleanup(String resource) {
        }

        @Override
        public List<OperationRecord> history() {
            return List.of();
        }
    }
}
