package org.vigil.itests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One node of a {@link ClusterHarness}: its own unpacked distribution, ports and files,
 * its process, and its shell.
 *
 * <p>Files ({@code etc/cluster.conf}, {@code etc/authkey}, {@code etc/org.vigil.membership.cfg})
 * are written by the harness and can be rewritten before {@link #start()} to give this node
 * a different configuration. Process control: {@link #start()}, {@link #stop()} (clean,
 * {@code bin/stop}), {@link #terminate()} (SIGTERM), {@link #kill()} (SIGKILL),
 * {@link #freeze()}/{@link #thaw()} (SIGSTOP/SIGCONT). Shell: {@link #shell(String)} and the
 * JSON shortcuts {@link #status()}, {@link #quorum()}, {@link #nodes()}.
 */
public final class Node {

    /** The default time a shell command may take. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** The membership settings file, relative to the node's folder. */
    public static final String MEMBERSHIP_CFG = "etc/org.vigil.membership.cfg";

    private final ClusterHarness harness;
    private final String name;
    private final int index;
    private final Path home;
    private final String address;
    private final int clusterPort;
    private final int sshPort;
    private final Map<String, String> membership = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final KarafLog log;

    private Process process;
    private ProcessHandle jvm;
    private Instant startedAt;
    private boolean frozen;
    private int starts;

    Node(ClusterHarness harness, String name, int index, Path home, String address, int clusterPort, int sshPort) {
        this.harness = harness;
        this.name = name;
        this.index = index;
        this.home = home;
        this.address = address;
        this.clusterPort = clusterPort;
        this.sshPort = sshPort;
        this.log = new KarafLog(home.resolve("data/log/karaf.log"));
    }

    // ---- identity -------------------------------------------------------------------

    /** @return the node name (its {@code node.name}) */
    public String name() {
        return name;
    }

    /** @return the node's number in its harness, from 1 */
    public int index() {
        return index;
    }

    /** @return the node's folder (the unpacked distribution) */
    public Path home() {
        return home;
    }

    /** @return the address it binds and is reached at */
    public String address() {
        return address;
    }

    /** @return its cluster port (TCP and UDP) */
    public int clusterPort() {
        return clusterPort;
    }

    /** @return its Karaf ssh port */
    public int sshPort() {
        return sshPort;
    }

    String shellUser() {
        return harness.shellUser();
    }

    String shellPassword() {
        return harness.shellPassword();
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- files ----------------------------------------------------------------------

    /** @return {@code etc/} of this node */
    public Path etc() {
        return home.resolve("etc");
    }

    /** Writes this node's {@code etc/cluster.conf}. */
    public Node writeClusterConf(ClusterConfig config) {
        return writeClusterConf(config.toXml());
    }

    /** Writes this node's {@code etc/cluster.conf} verbatim (for malformed documents and seeds). */
    public Node writeClusterConf(String xml) {
        write(etc().resolve("cluster.conf"), xml);
        return this;
    }

    /** @return this node's {@code etc/cluster.conf} as written */
    public String clusterConf() {
        try {
            return Files.readString(etc().resolve("cluster.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes this node's cluster key, {@code etc/authkey} (mode 400, as vigil-keygen does). */
    public Node writeKey(byte[] key) {
        Path file = etc().resolve("authkey");
        try {
            Files.deleteIfExists(file);
            Files.write(file, key);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Removes this node's cluster key file. */
    public Node deleteKey() {
        try {
            Files.deleteIfExists(etc().resolve("authkey"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Sets one setting of {@code etc/org.vigil.membership.cfg} and rewrites the file; a null
     * value removes the setting. The harness writes {@code node.name}, {@code bind.address}
     * and {@code port}.
     */
    public Node membership(String key, String value) {
        if (value == null) {
            membership.remove(key);
        } else {
            membership.put(key, value);
        }
        StringBuilder text = new StringBuilder("# Written by the Vigil cluster test harness\n");
        membership.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        write(home.resolve(MEMBERSHIP_CFG), text.toString());
        return this;
    }

    /** @return the membership settings as written */
    public Map<String, String> membership() {
        return Map.copyOf(membership);
    }

    /**
     * Sets an environment variable for the node's next start ({@code JAVA_MAX_MEM},
     * {@code EXTRA_JAVA_OPTS}...); null removes it.
     */
    public Node environment(String key, String value) {
        if (value == null) {
            environment.remove(key);
        } else {
            environment.put(key, value);
        }
        return this;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            // Never write through a hard link into the shared template: replace the file.
            Files.deleteIfExists(file);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    // ---- process --------------------------------------------------------------------

    /**
     * Starts the node ({@code bin/karaf server}, output to {@code console.out} in its folder)
     * and returns at once; use {@link #awaitShell} or the harness's waits for readiness.
     */
    public synchronized Node start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is running already (pid " + process.pid() + ")");
        }
        harness.launcher().beforeStart(this);
        List<String> command = harness.launcher().wrap(this, List.of(home.resolve("bin/karaf").toString(), "server"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        prepareEnvironment(pb.environment());
        pb.redirectInput(Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(Redirect.appendTo(consoleLog().toFile()));
        try {
            startedAt = Instant.now();
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        Processes.track(process.toHandle());
        jvm = null;
        frozen = false;
        starts++;
        return this;
    }

    private void prepareEnvironment(Map<String, String> env) {
        // Nothing of the test JVM's Karaf or Java settings may leak into the node.
        for (String k : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_DATA", "KARAF_ETC", "KARAF_LOG", "KARAF_OPTS",
            "KARAF_SYSTEM_OPTS", "JAVA_OPTS", "EXTRA_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "MAVEN_OPTS")) {
            env.remove(k);
        }
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home")); // the test JVM's Java 17
        env.put("KARAF_EXEC", "exec");                     // bin/karaf execs java: the launched process is the JVM
        env.put("CHECK_ROOT_INSTANCE_RUNNING", "false");   // no pid-file check that a recycled pid could fool
        // Pauses of the whole JVM (GC, safepoints) in a file kept with the logs: a node declared dead for
        // "no heartbeat" while it ran shows here whether the JVM or the machine stalled it.
        env.put("EXTRA_JAVA_OPTS", "-Xlog:gc,safepoint:file=" + home.resolve("gc-%p.log") + ":time,uptime");
        env.putAll(environment);
    }

    NodeLauncher launcher() {
        return harness.launcher();
    }

    /** @return the logs of GC pauses and safepoints of the node's JVMs, one per process */
    public List<Path> gcLogs() {
        try (java.util.stream.Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().matches("gc-\\d+\\.log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @return when the node was last started */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return how many times this node was started */
    public int starts() {
        return starts;
    }

    /** @return true while the node's process runs (also while frozen) */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return true while the node is stopped with SIGSTOP */
    public synchronized boolean isFrozen() {
        return frozen && isRunning();
    }

    /**
     * @return the node's JVM: the launched process itself once {@code bin/karaf} has exec'd
     *         java, or (for a launch prefix that forks) its descendant running Karaf. Karaf's
     *         JVM is told from the short-lived {@code java -version} the script runs first by
     *         its {@code -Dkaraf.home=} argument.
     */
    public synchronized ProcessHandle jvm() {
        if (jvm != null && jvm.isAlive()) {
            return jvm;
        }
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        ProcessHandle root = process.toHandle();
        jvm = Await.until(name + "'s JVM to appear", Duration.ofSeconds(20), Duration.ofMillis(10), () -> {
            if (!root.isAlive()) {
                throw new Await.GiveUp(name + " exited with status " + process.exitValue() + "; console:\n" + consoleTail(30));
            }
            if (isKarafJvm(root)) {
                return Optional.of(root);
            }
            return root.descendants().filter(Node::isKarafJvm).findFirst();
        }, Optional::isPresent).orElseThrow();
        return jvm;
    }

    private static boolean isKarafJvm(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/java")).orElse(false)
            && Processes.commandLine(p.pid()).map(c -> c.contains("-Dkaraf.home=")).orElse(false);
    }

    /** @return the JVM's pid */
    public long pid() {
        return jvm().pid();
    }

    /**
     * Kills the node with SIGKILL (its whole process tree) and waits until it is gone.
     *
     * @return the moment just before the signal was sent
     */
    public synchronized Instant kill() {
        requireRunning();
        ProcessHandle target = jvm();
        List<ProcessHandle> tree = new ArrayList<>(Processes.tree(process.toHandle()));
        tree.remove(target);
        tree.add(0, target);                 // the JVM first: its death is what peers must notice
        Instant at = Instant.now();
        Processes.killAll(tree, Duration.ofSeconds(20));
        Processes.untrack(process.toHandle());
        awaitExit(Duration.ofSeconds(20));
        frozen = false;
        return at;
    }

    /**
     * Stops the node cleanly with {@code bin/stop} and waits until its process has exited.
     *
     * @throws AssertionError if it does not exit within {@code timeout} (it is then killed)
     */
    public void stop(Duration timeout) {
        requireRunning();
        List<String> command = harness.launcher().wrap(this, List.of(home.resolve("bin/stop").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        prepareEnvironment(pb.environment());
        pb.environment().remove("KARAF_EXEC");
        String output;
        try {
            Process stop = pb.start();
            output = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!stop.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run bin/stop of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!awaitExitQuietly(timeout)) {
            kill();
            throw new AssertionError(name + " did not exit within " + Await.format(timeout) + " after bin/stop (killed it); bin/stop said: " + output);
        }
    }

    /** {@link #stop(Duration)} with a 60 s limit. */
    public void stop() {
        stop(Duration.ofSeconds(60));
    }

    /** Sends SIGTERM (Karaf shuts down cleanly) and waits until the process has exited. */
    public void terminate(Duration timeout) {
        requireRunning();
        Processes.signal(pid(), "TERM");
        if (!awaitExitQuietly(timeout)) {
            kill();
            throw new AssertionError(name + " did not exit within " + Await.format(timeout) + " after SIGTERM (killed it)");
        }
    }

    /**
     * Freezes the node's JVM with SIGSTOP: it stays alive but silent, as a hung machine or a
     * cut cable looks to its peers.
     *
     * @return the moment just before the signal was sent
     */
    public synchronized Instant freeze() {
        requireRunning();
        long pid = pid();
        Instant at = Instant.now();
        Processes.signal(pid, "STOP");
        frozen = true;
        // The signal is delivered asynchronously: return once the kernel shows the process stopped.
        Await.until(name + " to show as stopped (T) in /proc", Duration.ofSeconds(5), Duration.ofMillis(5),
            () -> Processes.state(pid).orElse('?'), s -> s == 'T' || s == 't');
        return at;
    }

    /** Lets a frozen node run again (SIGCONT). */
    public synchronized void thaw() {
        requireRunning();
        long pid = pid();
        Processes.signal(pid, "CONT");
        frozen = false;
        Await.until(name + " to run again after SIGCONT", Duration.ofSeconds(5), Duration.ofMillis(5),
            () -> Processes.state(pid).orElse('?'), s -> s != 'T' && s != 't');
    }

    /** Waits until the node's process has exited. */
    public void awaitExit(Duration timeout) {
        if (!awaitExitQuietly(timeout)) {
            throw new AssertionError(name + " (pid " + process.pid() + ") still runs after " + Await.format(timeout));
        }
    }

    private boolean awaitExitQuietly(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return true;
        }
        try {
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                Processes.untrack(p.toHandle());
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the node's process tree if it runs; for teardown, never fails. */
    synchronized void destroy() {
        if (process != null) {
            Processes.killTree(process.toHandle(), Duration.ofSeconds(10));
            awaitExitQuietly(Duration.ofSeconds(10)); // until Java has reaped it: isRunning() false
        }
        frozen = false;
    }

    /** @return the JVM's resident memory in KiB, if it runs */
    public OptionalLong residentKb() {
        return isRunning() ? Processes.residentKb(pid()) : OptionalLong.empty();
    }

    private void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException(name + " is not running");
        }
    }

    // ---- shell ----------------------------------------------------------------------

    /**
     * Runs a Karaf shell command on this node over ssh.
     *
     * @throws KarafShell.ShellException when the shell cannot be reached
     */
    public ShellResult shell(String command) {
        return shell(command, COMMAND_TIMEOUT);
    }

    /** Runs a Karaf shell command with a time limit. */
    public ShellResult shell(String command, Duration timeout) {
        return harness.shell().exec(this, command, timeout);
    }

    /** Runs a command that prints JSON and parses it; fails if the command fails. */
    public JsonNode json(String command) {
        return shell(command).json();
    }

    /** @return {@code cluster:status --json} */
    public JsonNode status() {
        return json("cluster:status --json");
    }

    /** @return {@code cluster:quorum --json} */
    public JsonNode quorum() {
        return json("cluster:quorum --json");
    }

    /** @return {@code cluster:nodes --json} */
    public JsonNode nodes() {
        return json("cluster:nodes --json");
    }

    /** @return the names of the nodes this node's {@code cluster:status} shows as MEMBER */
    public Set<String> members() {
        return membersOf(status());
    }

    /** @return the MEMBER names of a {@code cluster:status --json} answer */
    public static Set<String> membersOf(JsonNode status) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode m : status.path("members")) {
            if ("MEMBER".equals(m.path("state").asText())) {
                names.add(m.path("name").asText());
            }
        }
        return names;
    }

    /**
     * Waits until this node's shell answers and its {@code cluster:} commands are installed
     * (they may still fail, e.g. on a node that did not join).
     */
    public void awaitShell(Duration timeout) {
        Await.until(name + "'s shell to offer cluster:status", timeout, Duration.ofMillis(250), () -> {
            if (!isRunning()) {
                throw new Await.GiveUp(name + " is not running; console:\n" + consoleTail(30) + "\nkaraf.log:\n" + log.tail(30));
            }
            return shell("cluster:status", Duration.ofSeconds(15));
        }, r -> !r.commandNotFound());
    }

    // ---- logs -----------------------------------------------------------------------

    /** @return the node's {@code data/log/karaf.log} */
    public KarafLog log() {
        return log;
    }

    /** @return the file the node's stdout and stderr go to */
    public Path consoleLog() {
        return home.resolve("console.out");
    }

    /** @return the last lines of the console output */
    public String consoleTail(int lines) {
        return new KarafLog(consoleLog()).tail(lines);
    }

    /** @return a one-line description of the process state, for reports */
    public synchronized String processState() {
        if (process == null) {
            return "never started";
        }
        if (!process.isAlive()) {
            return "exited (status " + process.exitValue() + ")";
        }
        List<String> parts = new ArrayList<>();
        parts.add("running, pid " + process.pid());
        if (frozen) {
            parts.add("frozen");
        }
        return String.join(", ", parts);
    }
}
