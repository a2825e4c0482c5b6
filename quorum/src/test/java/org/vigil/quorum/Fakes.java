package org.vigil.quorum;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.TotemSettings;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeStatus;

/** Test doubles for the services the quorum module uses. */
final class Fakes {

    private Fakes() {
    }

    static ClusterNode node(int id) {
        return new ClusterNode(id, "node" + id);
    }

    /** A configuration of nodes 1..n with one vote each. */
    static ClusterConfiguration config(long version, int n, QuorumSettings quorum, Optional<QuorumDiskSettings> disk) {
        List<NodeDefinition> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(new NodeDefinition("node" + i, i, 1, "127.0.0.1", OptionalInt.empty()));
        }
        return new ClusterConfiguration("test", version, nodes, quorum, TotemSettings.defaults(), disk);
    }

    static QuorumSettings lastManStanding(Duration window) {
        return new QuorumSettings(OptionalInt.empty(), false, false, true, window, false, List.of(), false);
    }

    /** Waits until the condition holds, failing after the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A membership whose view the test sets. */
    static final class Membership implements MembershipService {
        private final ClusterNode local;
        volatile boolean joined = true;
        private volatile MembershipView view;

        Membership(int localId) {
            this.local = node(localId);
            this.view = new MembershipView(0, List.of(local), local, Instant.EPOCH);
        }

        /** Installs a view of these node ids with the next generation. */
        MembershipView view(Integer... ids) {
            List<ClusterNode> members = Arrays.stream(ids).map(Fakes::node).toList();
            view = new MembershipView(view.generation() + 1, members, local, Instant.now());
            return view;
        }

        @Override
        public ClusterNode localNode() {
            return local;
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
            return joined;
        }
    }

    /** A configuration store whose configuration the test sets. */
    static final class Store implements ClusterConfigStore {
        volatile Optional<ClusterConfiguration> current;
        volatile List<ConfigProblem> problems = List.of();

        Store(ClusterConfiguration config) {
            this.current = Optional.ofNullable(config);
        }

        @Override
        public Optional<ClusterConfiguration> current() {
            return current;
        }

        @Override
        public List<ConfigProblem> problems() {
            return problems;
        }

        @Override
        public String location() {
            return "/etc/vigil/cluster.conf";
        }
    }
}
