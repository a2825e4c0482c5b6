package org.vigil.itests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cluster of real Vigil nodes on this machine, each a Karaf process from the
 * distribution tarball, for tests and benchmarks.
 *
 * <pre>{@code
 * try (ClusterHarness cluster = ClusterHarness.builder("demo").nodes(3).build()) {
 *     cluster.startAll();
 *     cluster.awaitMembers(cluster.nodes(), cluster.nodes());      // everyone sees everyone
 *     JsonNode q = cluster.node("node1").quorum();
 *     cluster.node("node3").kill();
 *     cluster.awaitMembers(List.of(cluster.node("node1")), cluster.nodes("node1", "node2"));
 * }
 * }</pre>
 *
 * <p>What {@link Builder#build()} does: picks free ports, unpacks one copy of the
 * distribution per node under the work directory (system property
 * {@code vigil.itests.workdir}), makes one cluster key for all nodes and one shell
 * password, and writes every node's {@code etc/cluster.conf}, {@code etc/authkey},
 * {@code etc/org.vigil.membership.cfg}, ssh settings and shell user. Tests change a node's
 * files before starting it to test admission or bad input ({@link Node#writeKey},
 * {@link Node#writeClusterConf}, {@link #addNode}).
 *
 * <p>{@link #close()} kills every process it started; a shutdown hook does the same if the
 * JVM ends first (see {@link Processes}). After a failure ({@link #reportFailure}) the nodes'
 * logs are kept under {@code vigil.itests.logs}.
 */
public final class ClusterHarness implements AutoCloseable {

    /** How long a node may take from start to an answering shell (several JVMs boot at once on 2 cores). */
    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(Long.getLong("vigil.itests.bootTimeout", 180));
    /** How long a view change or quorum change may take to show. */
    public static final Duration VIEW_TIMEOUT = Duration.ofSeconds(Long.getLong("vigil.itests.viewTimeout", 30));

    private static final List<ClusterHarness> OPEN = new CopyOnWriteArrayList<>();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean reaped;

    private final String clusterName;
    private final Path dir;
    private final Path template;
    private final NodeLauncher launcher;
    private final KarafShell shell;
    private final byte[] key;
    private final String shellUser = "vigil";
    private final String shellPassword;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Node> members = new ArrayList<>();
    private ClusterConfig config;
    private volatile boolean failed;
    private boolean closed;

    private ClusterHarness(Builder b) {
        this.clusterName = b.name;
        this.launcher = b.launcher;
        Path workRoot = workRoot();
        reapOrphansOnce(workRoot);
        this.template = Distribution.template(b.tarball != null ? b.tarball : Distribution.tarball(), workRoot);
        this.dir = workRoot.resolve("run-" + ProcessHandle.current().pid())
            .resolve(b.name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + SEQUENCE.incrementAndGet());
        this.key = randomKey();
        this.shellPassword = randomPassword();
        this.shell = new KarafShell();
        OPEN.add(this);
        try {
            Distribution.deleteTree(dir);
            Files.createDirectories(dir);
            ClusterConfig c = ClusterConfig.named(b.name).withConfigVersion(b.configVersion).withToken(b.tokenMillis);
            for (Map.Entry<String, String> e : b.cman.entrySet()) {
                c = c.withCman(e.getKey(), e.getValue());
            }
            if (b.quorumDiskVotes > 0) {
                Path disk = dir.resolve("qdisk");
                Files.createFile(disk);
                c = c.withQuorumDisk(new ClusterConfig.QuorumDisk(disk.toString(), b.quorumDiskVotes,
                    b.quorumDiskInterval, b.quorumDiskTko, "qdisk"));
            }
            int id = 0;
            for (Map.Entry<String, Integer> e : b.nodeVotes.entrySet()) {
                Node n = createNode(e.getKey());
                members.add(n);
                c = c.withMember(new ClusterConfig.Member(n.name(), ++id, e.getValue(), n.address(), n.clusterPort(), ""));
            }
            config = c;
            for (Node n : members) {
                n.writeClusterConf(config);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** @return a builder for a cluster of this name */
    public static Builder builder(String clusterName) {
        return new Builder(clusterName);
    }

    /** @return the harnesses of this JVM that are not closed yet (for failure reports) */
    public static List<ClusterHarness> open() {
        return List.copyOf(OPEN);
    }

    // ---- nodes and configuration ------------------------------------------------------

    /** @return the cluster name */
    public String name() {
        return clusterName;
    }

    /** @return the cluster.conf every member node got */
    public ClusterConfig config() {
        return config;
    }

    /** @return the cluster key all member nodes share */
    public byte[] key() {
        return key.clone();
    }

    /** @return this cluster's folder (node folders, the quorum disk file) */
    public Path dir() {
        return dir;
    }

    /** @return the node of that name (a member or one added with {@link #addNode}) */
    public Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node " + name + " in harness " + clusterName + "; nodes: " + nodes.keySet());
        }
        return n;
    }

    /** @return the member nodes (the ones cluster.conf lists), in order */
    public List<Node> nodes() {
        return List.copyOf(members);
    }

    /** @return the named nodes */
    public List<Node> nodes(String... names) {
        return Stream.of(names).map(this::node).toList();
    }

    /** @return every node: members and added ones */
    public List<Node> allNodes() {
        return List.copyOf(nodes.values());
    }

    /** @return the nodes whose process runs and is not frozen */
    public List<Node> live() {
        return nodes.values().stream().filter(n -> n.isRunning() && !n.isFrozen()).toList();
    }

    /**
     * Adds a node that is not in {@link #config()}: its own folder and ports, the cluster's key,
     * the members' cluster.conf (which does not list it) and {@code node.name = name}. Give it
     * its own cluster.conf with {@link Node#writeClusterConf} before starting it, e.g.
     * {@code config().withMember(node)} for a node the others do not know.
     */
    public Node addNode(String name) {
        Node n = createNode(name);
        n.writeClusterConf(config);
        return n;
    }

    private Node createNode(String name) {
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("node " + name + " exists already");
        }
        int index = nodes.size() + 1;
        Path home = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        Node n = new Node(this, name, index, home, launcher.address(index), Ports.freeTcpAndUdp(), Ports.freeTcp());
        nodes.put(name, n);
        launcher.prepare(n);
        Distribution.copy(template, home);
        writeShellSettings(n);
        n.writeKey(key);
        n.membership("node.name", name).membership("bind.address", n.address()).membership("port", Integer.toString(n.clusterPort()));
        return n;
    }

    private void writeShellSettings(Node n) {
        Path etc = n.etc();
        try {
            Path shellCfg = etc.resolve("org.apache.karaf.shell.cfg");
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(shellCfg)) {
                if (!line.matches("\\s*(sshPort|sshHost)\\s*=.*")) {
                    lines.add(line);
                }
            }
            lines.add("sshPort = " + n.sshPort());
            lines.add("sshHost = " + n.address());
            Node.write(shellCfg, String.join("\n", lines) + "\n");
            // Karaf 4.4 ships no user: add one with this cluster's random password.
            String users = Files.readString(etc.resolve("users.properties"))
                + "\n" + shellUser + " = " + shellPassword + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n";
            Node.write(etc.resolve("users.properties"), users);
            Node.write(etc.resolve("vigil-client.properties"), "user=" + shellUser + "\npassword=" + shellPassword + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the shell settings of " + n.name(), e);
        }
    }

    String shellUser() {
        return shellUser;
    }

    String shellPassword() {
        return shellPassword;
    }

    KarafShell shell() {
        return shell;
    }

    NodeLauncher launcher() {
        return launcher;
    }

    /** @return this host's address as the nodes see it (127.0.0.1, or the bridge's address for nodes in namespaces) */
    public String hostAddress() {
        return launcher.hostAddress();
    }

    // ---- starting and waiting ---------------------------------------------------------

    /** Starts every member node that does not run (added nodes are started with {@link #start}). */
    public void startAll() {
        start(members.stream().filter(n -> !n.isRunning()).toList());
    }

    /** Starts these nodes (all launched at once; returns without waiting). */
    public void start(Collection<Node> toStart) {
        toStart.forEach(Node::start);
    }

    /** Waits until every listed node's shell offers the cluster commands. */
    public void awaitShells(Collection<Node> toAwait) {
        for (Node n : toAwait) {
            n.awaitShell(BOOT_TIMEOUT);
        }
    }

    /**
     * Waits until each observer's {@code cluster:status} shows exactly {@code expected} as
     * members (state MEMBER), starting with the shells' readiness.
     */
    public void awaitMembers(Collection<Node> observers, Collection<Node> expected) {
        awaitMembers(observers, expected, VIEW_TIMEOUT);
    }

    /** As {@link #awaitMembers(Collection, Collection)} with a time limit per observer after boot. */
    public void awaitMembers(Collection<Node> observers, Collection<Node> expected, Duration timeout) {
        Set<String> names = expected.stream().map(Node::name).collect(Collectors.toCollection(LinkedHashSet::new));
        awaitShells(observers);
        for (Node o : observers) {
            Await.until(o.name() + " to see members " + names, timeout, () -> requireRunning(o).status(),
                s -> Node.membersOf(s).equals(names));
        }
    }

    /** Waits until each observer reports {@code quorate} as given in {@code cluster:quorum --json}. */
    public List<JsonNode> awaitQuorate(Collection<Node> observers, boolean quorate) {
        List<JsonNode> answers = new ArrayList<>();
        for (Node o : observers) {
            answers.add(Await.until(o.name() + " to report quorate=" + quorate, VIEW_TIMEOUT, () -> requireRunning(o).quorum(),
                q -> q.path("quorate").asBoolean() == quorate));
        }
        return answers;
    }

    private static Node requireRunning(Node n) {
        if (!n.isRunning()) {
            throw new Await.GiveUp(n + " is not running (" + n.processState() + ")");
        }
        return n;
    }

    /**
     * Brings the cluster back to all members running and seeing each other: thaws frozen
     * nodes, starts stopped ones, waits. For test classes that share one cluster between
     * methods ({@code @BeforeEach}).
     */
    public void restoreAll() {
        for (Node n : members) {
            if (n.isFrozen()) {
                n.thaw();
            }
        }
        startAll();
        awaitMembers(members, members, BOOT_TIMEOUT);
    }

    // ---- failures and cleanup ---------------------------------------------------------

    /**
     * Prints each node's state and the tail of its karaf.log and console output, and keeps
     * the nodes' logs when the harness closes. Called by {@link NodeLogsOnFailure}.
     */
    public void reportFailure(String what, PrintStream out) {
        failed = true;
        out.println("==== cluster " + clusterName + " after failure of " + what + " (folder " + dir + ")");
        for (Node n : nodes.values()) {
            out.println("---- " + n.name() + ": " + n.processState() + ", cluster port " + n.clusterPort()
                + ", ssh " + n.sshPort() + "; last lines of " + n.log().file() + ":");
            out.println(n.log().tail(60));
            String console = n.consoleTail(15);
            if (!console.isBlank()) {
                out.println("---- " + n.name() + " console.out (last lines):");
                out.println(console);
            }
        }
        out.println("==== end of cluster " + clusterName);
        out.flush();
    }

    /** Kills every node process, keeps logs after a failure, removes the cluster's folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Node n : nodes.values()) {
            n.destroy();
        }
        shell.close();
        launcher.close();
        if (failed) {
            keepLogs();
        }
        OPEN.remove(this);
        if (!Boolean.getBoolean("vigil.itests.keep")) {
            try {
                Distribution.deleteTree(dir);
                try (Stream<Path> rest = Files.list(dir.getParent())) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(dir.getParent());
                    }
                }
            } catch (IOException e) {
                System.err.println("cannot remove " + dir + ": " + e);
            }
        }
    }

    private void keepLogs() {
        Path logs = Path.of(System.getProperty("vigil.itests.logs", workRoot().resolveSibling("cluster-logs").toString()))
            .resolve(dir.getFileName().toString());
        for (Node n : nodes.values()) {
            Path to = logs.resolve(n.home().getFileName().toString());
            List<Path> files = new java.util.ArrayList<>(List.of(n.log().file(), n.consoleLog(), n.etc().resolve("cluster.conf"),
                n.home().resolve(Node.MEMBERSHIP_CFG)));
            files.addAll(n.gcLogs());
            for (Path from : files) {
                try {
                    if (Files.exists(from)) {
                        Files.createDirectories(to);
                        Files.copy(from, to.resolve(from.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    System.err.println("cannot keep " + from + ": " + e);
                }
            }
        }
        System.err.println("Logs of cluster " + clusterName + " kept in " + logs);
    }

    // ---- helpers ----------------------------------------------------------------------

    /** @return a new random 64-byte cluster key (as {@code bin/vigil-keygen} makes) */
    public static byte[] randomKey() {
        byte[] k = new byte[64];
        RANDOM.nextBytes(k);
        return k;
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** @return where nodes are unpacked: {@code vigil.itests.workdir}, else a folder in the temp dir */
    static Path workRoot() {
        String configured = System.getProperty("vigil.itests.workdir");
        Path p = configured != null && !configured.isBlank()
            ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "vigil-itests");
        return p.toAbsolutePath().normalize();
    }

    private static synchronized void reapOrphansOnce(Path workRoot) {
        if (reaped) {
            return;
        }
        reaped = true;
        int killed = Processes.reapOrphans(workRoot);
        if (killed > 0) {
            System.err.println("Killed " + killed + " node process(es) left over by an earlier run under " + workRoot);
        }
        // Folders of earlier runs whose JVM is gone.
        try (Stream<Path> runs = Files.isDirectory(workRoot) ? Files.list(workRoot) : Stream.empty()) {
            for (Path run : runs.filter(p -> p.getFileName().toString().matches("run-\\d+")).toList()) {
                long owner = Long.parseLong(run.getFileName().toString().substring(4));
                if (owner != ProcessHandle.current().pid() && !Processes.alive(owner)) {
                    Distribution.deleteTree(run);
                }
            }
        } catch (IOException e) {
            System.err.println("cannot clean " + workRoot + ": " + e);
        }
    }

    /** Describes the cluster to build; {@link #build()} prepares the nodes (it starts none). */
    public static final class Builder {
        private final String name;
        private final Map<String, Integer> nodeVotes = new LinkedHashMap<>();
        private final Map<String, String> cman = new LinkedHashMap<>();
        private Integer tokenMillis = ClusterConfig.DEFAULT_TOKEN_MILLIS;
        private int configVersion = 1;
        private int quorumDiskVotes;
        private int quorumDiskInterval = 1;
        private int quorumDiskTko = 10;
        private NodeLauncher launcher = NodeLauncher.loopback();
        private Path tarball;

        private Builder(String name) {
            this.name = name;
        }

        /** Member nodes node1..nodeN with one vote each. */
        public Builder nodes(int count) {
            for (int i = 1; i <= count; i++) {
                node("node" + i, 1);
            }
            return this;
        }

        /** Member nodes with these names, one vote each. */
        public Builder nodes(String... names) {
            for (String n : names) {
                node(n, 1);
            }
            return this;
        }

        /** One member node with its votes; node ids follow the order of declaration from 1. */
        public Builder node(String nodeName, int votes) {
            nodeVotes.put(nodeName, votes);
            return this;
        }

        /** A {@code <cman>} attribute: {@code expected_votes}, {@code two_node}, {@code wait_for_all}... */
        public Builder cman(String attribute, String value) {
            cman.put(attribute, value);
            return this;
        }

        /** {@code <cman expected_votes>}. */
        public Builder expectedVotes(int votes) {
            return cman("expected_votes", Integer.toString(votes));
        }

        /** The totem token in ms (default 500); null leaves {@code <totem>} out. */
        public Builder token(Integer millis) {
            this.tokenMillis = millis;
            return this;
        }

        /** {@code config_version} (default 1). */
        public Builder configVersion(int version) {
            this.configVersion = version;
            return this;
        }

        /** A quorum disk with these votes (interval 1 s, tko 10): a file in the cluster's folder shared by all nodes. */
        public Builder quorumDisk(int votes) {
            return quorumDisk(votes, 1, 10);
        }

        /** A quorum disk with these votes, interval (s) and tko. */
        public Builder quorumDisk(int votes, int interval, int tko) {
            this.quorumDiskVotes = votes;
            this.quorumDiskInterval = interval;
            this.quorumDiskTko = tko;
            return this;
        }

        /** How nodes are placed (default: all on loopback). */
        public Builder launcher(NodeLauncher nodeLauncher) {
            this.launcher = nodeLauncher;
            return this;
        }

        /** The distribution tarball (default: {@link Distribution#tarball()}). */
        public Builder tarball(Path file) {
            this.tarball = file;
            return this;
        }

        /** Prepares the nodes' folders and files; starts nothing. */
        public ClusterHarness build() {
            return new ClusterHarness(this);
        }
    }
}
