package org.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigUpdateResult;
import org.vigil.api.config.ConfigVersionInfo;
import org.vigil.api.config.ConfigurationException;
import org.vigil.api.membership.ClusterNode;
import org.vigil.api.membership.MembershipView;

/**
 * One node's side of the configuration: the running version, its file, and the update
 * protocol. An update goes to the coordinator (the oldest member), which alone decides, one
 * update at a time: it needs quorum, validates, checks the version ({@link UpdatePolicy}),
 * writes its own file, then sends the document to every other member, which writes its file
 * and runs it; the answer names every node that took it and every node that could not (a
 * full disk: that node keeps its old file and running version). A node that is not the
 * coordinator compares its version with the coordinator's after each view change and every
 * few seconds, and catches up ({@link UpdatePolicy#catchUp}). Without a cluster (membership
 * not started) an update changes this node's file only.
 */
final class ConfigNode {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigNode.class);

    static final Duration PROPOSE_TIMEOUT = Duration.ofSeconds(20);
    static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** How long an update waits for cluster messaging to come up after membership has joined. */
    static final Duration READY_WAIT = Duration.ofSeconds(15);

    private final ConfigFiles files;
    private final Supplier<ClusterLink.State> links;
    private final Consumer<ClusterConfiguration> newVersion;
    private final Supplier<String> hostName;
    private final Clock clock;
    private final ClusterConfReader reader = new ClusterConfReader();
    private final ClusterConfWriter writer = new ClusterConfWriter();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ClusterConfiguration running;
    private volatile String runningDigest = "";
    private volatile List<ConfigProblem> problems = List.of();
    private volatile String lastCatchUpProblem = "";
    private volatile String lastWriteFailure = "";
    /** Fence device parameters checked against the agents installed here: errors refuse an update. */
    private volatile java.util.function.Function<ClusterConfiguration, List<ConfigProblem>> agentErrors = c -> List.of();

    ConfigNode(ConfigFiles files, Supplier<ClusterLink.State> links, Consumer<ClusterConfiguration> newVersion,
               Supplier<String> hostName, Clock clock) {
        this.files = files;
        this.links = links;
        this.newVersion = newVersion;
        this.hostName = hostName;
        this.clock = clock;
    }

    /** @param check the errors of a configuration's fence devices against the installed agents */
    void checkAgentsWith(java.util.function.Function<ClusterConfiguration, List<ConfigProblem>> check) {
        agentErrors = check;
    }

    // ---------------------------------------------------------------- state

    Optional<ClusterConfiguration> running() {
        return Optional.ofNullable(running);
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    String digest() {
        return runningDigest;
    }

    ConfigFiles files() {
        return files;
    }

    /**
     * Reads the file as it is now.
     *
     * @throws ConfigurationException when it is refused (the node then has no running version)
     */
    ClusterConfiguration load() throws ConfigurationException {
        lock.lock();
        try {
            ClusterConfiguration loaded = reader.read(files.file());
            setRunning(loaded);
            return loaded;
        } catch (ConfigurationException e) {
            running = null;
            runningDigest = "";
            problems = e.problems();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private void setRunning(ClusterConfiguration config) {
        running = config;
        runningDigest = digest(writer.write(config));
        problems = List.of();
        newVersion.accept(config);
    }

    static String digest(String document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String localName() {
        ClusterLink.State s = links.get();
        return s.link() != null ? s.link().localNode() : hostName.get();
    }

    private long runningVersion() {
        ClusterConfiguration r = running;
        return r == null ? 0 : r.configVersion();
    }

    // ---------------------------------------------------------------- updates

    /** Submits a change: to the coordinator when in a cluster, else to this node's file. */
    ConfigUpdateResult submit(Proposal p) {
        ClusterLink.State s = links.get();
        // Messaging comes up a moment after membership has joined: wait for it a little.
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (s.notReady() != null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            s = links.get();
        }
        if (s.notReady() != null) {
            return ConfigUpdateResult.refused(runningVersion(), "cannot change the configuration now: " + s.notReady(), List.of());
        }
        if (s.alone()) {
            return applyLocally(p);
        }
        ClusterLink link = s.link();
        String coordinator = link.view().coordinator().name();
        if (coordinator.equals(link.localNode())) {
            return coordinate(p, link);
        }
        try {
            byte[] reply = link.request(coordinator, ConfigWire.propose(p), PROPOSE_TIMEOUT)
                .get(PROPOSE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return ConfigWire.result(ConfigWire.parse(reply));
        } catch (ExecutionException e) {
            return ConfigUpdateResult.refused(runningVersion(), "the coordinator " + coordinator + " did not take the change: "
                + message(e.getCause()), List.of());
        } catch (TimeoutException e) {
            return ConfigUpdateResult.refused(runningVersion(), "the coordinator " + coordinator + " did not answer within "
                + PROPOSE_TIMEOUT.toSeconds() + " s", List.of());
        } catch (IOException e) {
            return ConfigUpdateResult.refused(runningVersion(), "the coordinator " + coordinator + " answered nonsense: "
                + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConfigUpdateResult.refused(runningVersion(), "interrupted", List.of());
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** The change as the coordinator makes it: one at a time, with quorum, on every member. */
    ConfigUpdateResult coordinate(Proposal p, ClusterLink link) {
        lock.lock();
        try {
            MembershipView view = link.view();
            if (!view.isLocalCoordinator()) {
                return ConfigUpdateResult.refused(runningVersion(), "membership is changing: " + view.coordinator().name()
                    + " is the coordinator now, not " + link.localNode() + "; try again", List.of());
            }
            Optional<String> notQuorate = link.notQuorate();
            if (notQuorate.isPresent()) {
                return ConfigUpdateResult.refused(runningVersion(), "the cluster is not quorate (" + notQuorate.get()
                    + "): configuration changes need quorum", List.of());
            }
            Prepared prepared = prepare(p, true);
            if (prepared.refusal != null) {
                return prepared.refusal;
            }
            long replaced = runningVersion();
            try {
                warn(files.install(prepared.document, running == null ? -1 : replaced, prepared.entry));
            } catch (IOException e) {
                LOG.error("Could not write config_version {} to {}: {}; nothing changed, config_version {} stays",
                    prepared.config.configVersion(), files.file(), ConfigFiles.reason(e), replaced);
                return ConfigUpdateResult.refused(replaced, link.localNode() + " (the coordinator) could not write "
                    + files.file() + ": " + ConfigFiles.reason(e) + "; nothing changed", List.of());
            }
            setRunning(prepared.config);
            LOG.info("config_version {} is running ({}, made on {}); sending it to the other members",
                prepared.config.configVersion(), prepared.entry.change(), prepared.entry.node());
            return distribute(link, view, prepared);
        } finally {
            lock.unlock();
        }
    }

    private ConfigUpdateResult distribute(ClusterLink link, MembershipView view, Prepared prepared) {
        ObjectNode install = ConfigWire.op("install");
        install.put("document", new String(prepared.document, StandardCharsets.UTF_8));
        install.set("entry", ConfigWire.entry(prepared.entry));
        byte[] payload = ConfigWire.bytes(install);
        Map<String, CompletableFuture<byte[]>> replies = new LinkedHashMap<>();
        for (ClusterNode member : view.members()) {
            if (!member.name().equals(link.localNode())) {
                replies.put(member.name(), link.request(member.name(), payload, INSTALL_TIMEOUT));
            }
        }
        List<String> applied = new ArrayList<>(List.of(link.localNode()));
        Map<String, String> failed = new LinkedHashMap<>();
        replies.forEach((node, reply) -> {
            try {
                reply.get(INSTALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                applied.add(node);
            } catch (ExecutionException e) {
                failed.put(node, message(e.getCause()));
            } catch (TimeoutException e) {
                failed.put(node, "no answer within " + INSTALL_TIMEOUT.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.put(node, "interrupted");
            }
        });
        failed.forEach((node, why) -> LOG.error("Node {} did not take config_version {}: {}", node,
            prepared.config.configVersion(), why));
        long version = prepared.config.configVersion();
        String reason = "config_version " + version + " runs on " + String.join(", ", applied)
            + (failed.isEmpty() ? "" : "; not on " + String.join(", ", failed.keySet()) + " (they keep their version)");
        return new ConfigUpdateResult(true, version, reason, List.of(), applied, failed, false);
    }

    /** The change on this node's file only: the node is not running in a cluster. */
    ConfigUpdateResult applyLocally(Proposal p) {
        lock.lock();
        try {
            Prepared prepared = prepare(p, false);
            if (prepared.refusal != null) {
                return prepared.refusal;
            }
            long replaced = runningVersion();
            try {
                warn(files.install(prepared.document, running == null ? -1 : replaced, prepared.entry));
            } catch (IOException e) {
                LOG.error("Could not write config_version {} to {}: {}", prepared.config.configVersion(), files.file(),
                    ConfigFiles.reason(e));
                return ConfigUpdateResult.refused(replaced, "could not write " + files.file() + ": "
                    + ConfigFiles.reason(e) + "; nothing changed", List.of());
            }
            setRunning(prepared.config);
            LOG.info("config_version {} written to {} ({}); this node is not running in a cluster", 
                prepared.config.configVersion(), files.file(), prepared.entry.change());
            return new ConfigUpdateResult(true, prepared.config.configVersion(), "written to this node's "
                + files.file() + " only: this node is not running in a cluster (the other nodes take it when they"
                + " join, if it is the newest)", List.of(), List.of(prepared.entry.node()), Map.of(), true);
        } finally {
            lock.unlock();
        }
    }

    private void warn(Optional<String> warning) {
        warning.ifPresent(w -> LOG.warn("{}", w));
    }

    /** A proposal checked and numbered: the configuration to run, its document and history line. */
    private record Prepared(ConfigUpdateResult refusal, ClusterConfiguration config, byte[] document,
                            ConfigFiles.Entry entry) {
        static Prepared refused(ConfigUpdateResult r) {
            return new Prepared(r, null, null, null);
        }
    }

    private Prepared prepare(Proposal p, boolean inCluster) {
        ClusterConfiguration current = running;
        long runningVersion = runningVersion();
        ClusterConfiguration proposed;
        String source = p.change().isBlank() ? "proposal from " + p.origin() : p.change();
        String change = p.change();
        try {
            if (p.kind() == Proposal.Kind.ROLLBACK) {
                if (current != null && p.target() == current.configVersion()) {
                    return Prepared.refused(ConfigUpdateResult.refused(runningVersion, "config_version " + p.target()
                        + " is the running version already", List.of()));
                }
                Path backup = files.backup(p.target());
                if (!Files.isRegularFile(backup)) {
                    return Prepared.refused(ConfigUpdateResult.refused(runningVersion, "config_version " + p.target()
                        + " is not kept on " + localName() + " (kept: " + keptVersions() + ")", List.of()));
                }
                proposed = reader.read(backup);
                change = change.isBlank() ? "rollback to " + p.target() : change;
            } else {
                proposed = reader.read(source, p.document().getBytes(StandardCharsets.UTF_8));
            }
        } catch (ConfigurationException e) {
            UpdatePolicy.Decision d = UpdatePolicy.decide(p.kind(), null, p.base(), e.problems(), Optional.ofNullable(current), inCluster);
            return Prepared.refused(ConfigUpdateResult.refused(runningVersion, d.reason(), d.problems()));
        }
        UpdatePolicy.Decision d = UpdatePolicy.decide(p.kind(), proposed, p.base(), agentErrors.apply(proposed),
            Optional.ofNullable(current), inCluster);
        if (!d.accepted()) {
            return Prepared.refused(ConfigUpdateResult.refused(runningVersion, d.reason(), d.problems()));
        }
        ClusterConfiguration config = withVersion(proposed, d.version());
        byte[] document = writer.write(config).getBytes(StandardCharsets.UTF_8);
        return new Prepared(null, config, document,
            new ConfigFiles.Entry(d.version(), clock.instant(), p.origin(), change));
    }

    private String keptVersions() {
        List<String> kept = new ArrayList<>();
        files.backups().keySet().forEach(v -> kept.add(Long.toString(v)));
        if (running != null) {
            kept.add(running.configVersion() + " (running)");
        }
        return kept.isEmpty() ? "none" : String.join(", ", kept);
    }

    static ClusterConfiguration withVersion(ClusterConfiguration c, long version) {
        return new ClusterConfiguration(c.name(), version, c.nodes(), c.quorum(), c.totem(), c.quorumDisk(),
            c.fenceMethods(), c.fenceDevices(), c.resourceManager(), c.layout());
    }

    /** Writes the skeleton of {@code ccs_tool create}; only where no file exists. */
    ConfigUpdateResult create(String clusterName) {
        lock.lock();
        try {
            if (files.exists()) {
                return ConfigUpdateResult.refused(runningVersion(), files.file() + " already exists", List.of());
            }
            String skeleton = "<?xml version=\"1.0\"?>\n<cluster name=\"" + escape(clusterName) + "\" config_version=\"1\">\n"
                + "  <clusternodes/>\n  <fencedevices/>\n  <rm>\n    <failoverdomains/>\n    <resources/>\n  </rm>\n</cluster>\n";
            ClusterConfiguration config;
            try {
                config = reader.read("create " + clusterName, skeleton.getBytes(StandardCharsets.UTF_8));
            } catch (ConfigurationException e) {
                return ConfigUpdateResult.refused(0, "cannot create cluster \"" + clusterName + "\"", e.problems());
            }
            String node = localName();
            try {
                warn(files.create(skeleton.getBytes(StandardCharsets.UTF_8),
                    new ConfigFiles.Entry(1, clock.instant(), node, "create " + clusterName)));
            } catch (IOException e) {
                return ConfigUpdateResult.refused(0, "could not write " + files.file() + ": " + ConfigFiles.reason(e), List.of());
            }
            setRunning(config);
            LOG.info("Created {} for cluster {} (config_version 1)", files.file(), clusterName);
            return new ConfigUpdateResult(true, 1, "created " + files.file() + " on this node only", List.of(),
                List.of(node), Map.of(), true);
        } finally {
            lock.unlock();
        }
    }

    private static String escape(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    // ---------------------------------------------------------------- messages

    /** Handles one message of the configuration's topic. */
    byte[] onMessage(String from, byte[] payload) throws Exception {
        ObjectNode o = ConfigWire.parse(payload);
        String op = o.path("op").asText();
        switch (op) {
            case "propose" -> {
                ClusterLink.State s = links.get();
                if (s.link() == null) {
                    throw new IllegalStateException("node " + localName() + " is not ready to coordinate: "
                        + (s.notReady() != null ? s.notReady() : "not running in a cluster"));
                }
                return ConfigWire.result(coordinate(ConfigWire.proposal(o), s.link()));
            }
            case "install" -> {
                installFrom(from, o.path("document").asText(), ConfigWire.entry(o.path("entry")), false);
                return ConfigWire.bytes(ConfigWire.op("installed").put("version", runningVersion()));
            }
            case "state" -> {
                ObjectNode reply = ConfigWire.op("state");
                ClusterConfiguration r = running;
                if (r != null) {
                    reply.put("version", r.configVersion()).put("digest", runningDigest);
                }
                return ConfigWire.bytes(reply);
            }
            case "fetch" -> {
                ClusterConfiguration r = running;
                if (r == null) {
                    throw new IllegalStateException("node " + localName() + " has no running configuration");
                }
                ObjectNode reply = ConfigWire.op("fetch");
                reply.put("document", writer.write(r));
                reply.set("history", ConfigWire.entries(files.history()));
                return ConfigWire.bytes(reply);
            }
            default -> throw new IllegalArgumentException("unknown configuration message '" + op + "' from " + from);
        }
    }

    /**
     * Installs a version sent by the coordinator (or fetched from it).
     *
     * @param allowOlder true when this node's newer version was refused by the cluster
     * @throws IOException with a sentence naming this node when it cannot take it
     */
    void installFrom(String from, String document, ConfigFiles.Entry entry, boolean allowOlder) throws IOException {
        lock.lock();
        try {
            ClusterConfiguration incoming;
            try {
                incoming = reader.read("config_version " + entry.version() + " from " + from,
                    document.getBytes(StandardCharsets.UTF_8));
            } catch (ConfigurationException e) {
                throw new IOException(localName() + " refuses config_version " + entry.version() + " from " + from + ": "
                    + e.getMessage());
            }
            ClusterConfiguration current = running;
            String incomingDigest = digest(writer.write(incoming));
            if (current != null) {
                if (incoming.configVersion() < current.configVersion() && !allowOlder) {
                    return;
                }
                if (incoming.configVersion() == current.configVersion() && incomingDigest.equals(runningDigest)) {
                    return;
                }
            }
            long replaced = runningVersion();
            try {
                warn(files.install(document.getBytes(StandardCharsets.UTF_8), current == null ? -1 : replaced, entry));
            } catch (IOException e) {
                String failure = incoming.configVersion() + " " + ConfigFiles.reason(e);
                if (!failure.equals(lastWriteFailure)) {
                    lastWriteFailure = failure;
                    LOG.error("Could not write config_version {} from {} to {}: {}; this node keeps config_version {}",
                        incoming.configVersion(), from, files.file(), ConfigFiles.reason(e), replaced);
                } else {
                    LOG.debug("Still cannot write config_version {} to {}: {}", incoming.configVersion(), files.file(),
                        ConfigFiles.reason(e));
                }
                throw new IOException(localName() + " could not write " + files.file() + ": " + ConfigFiles.reason(e)
                    + "; it keeps config_version " + replaced);
            }
            lastWriteFailure = "";
            setRunning(incoming);
            LOG.info("config_version {} from {} is running ({}, made on {})", incoming.configVersion(), from,
                entry.change().isBlank() ? "-" : entry.change(), entry.node());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Compares this node's version with the coordinator's and catches up: fetches a newer one,
     * offers its own when newer (the highest valid version wins), takes the cluster's copy when
     * the same version differs. Does nothing on the coordinator or outside a cluster.
     */
    void catchUp() {
        ClusterLink link = links.get().link();
        if (link == null) {
            return;
        }
        MembershipView view = link.view();
        if (view.isLocalCoordinator()) {
            return;
        }
        String coordinator = view.coordinator().name();
        try {
            JsonNode state = query(link, coordinator, "state");
            if (!state.has("version")) {
                return;
            }
            ClusterConfiguration mine = running;
            OptionalLong myVersion = mine == null ? OptionalLong.empty() : OptionalLong.of(mine.configVersion());
            UpdatePolicy.CatchUp action = UpdatePolicy.catchUp(myVersion, runningDigest, state.path("version").asLong(),
                state.path("digest").asText());
            switch (action) {
                case NOTHING -> {
                    return;
                }
                case FETCH, FETCH_CONFLICT -> {
                    if (action == UpdatePolicy.CatchUp.FETCH_CONFLICT) {
                        LOG.warn("config_version {} on this node differs from the coordinator {}'s: taking the cluster's"
                            + " copy (this node's is kept as {})", myVersion.getAsLong(), coordinator,
                            files.backup(myVersion.getAsLong()).getFileName());
                    }
                    fetch(link, coordinator, false);
                }
                case OFFER -> {
                    LOG.info("This node has config_version {}, newer than the coordinator {}'s {}: offering it",
                        myVersion.getAsLong(), coordinator, state.path("version").asLong());
                    Proposal offer = new Proposal(Proposal.Kind.OFFER, writer.write(mine), 0, 0,
                        "newer version found on " + link.localNode(), link.localNode());
                    byte[] reply = link.request(coordinator, ConfigWire.propose(offer), PROPOSE_TIMEOUT)
                        .get(PROPOSE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                    ConfigUpdateResult result = ConfigWire.result(ConfigWire.parse(reply));
                    if (!result.accepted()) {
                        LOG.error("The cluster refused this node's config_version {}: {} {}; taking the cluster's"
                            + " config_version {}", myVersion.getAsLong(), result.reason(), result.problems(),
                            result.version());
                        fetch(link, coordinator, true);
                    }
                }
                default -> throw new IllegalStateException(action.toString());
            }
            lastCatchUpProblem = "";
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String problem = "cannot compare the configuration with the coordinator " + coordinator + ": " + message(cause);
            if (!problem.equals(lastCatchUpProblem)) {
                lastCatchUpProblem = problem;
                if (cause instanceof IOException) {
                    LOG.error("{}", problem);
                } else {
                    LOG.info("{} (will retry)", problem);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static JsonNode query(ClusterLink link, String node, String op) throws Exception {
        byte[] reply = link.request(node, ConfigWire.bytes(ConfigWire.op(op)), QUERY_TIMEOUT)
            .get(QUERY_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return ConfigWire.parse(reply);
    }

    private void fetch(ClusterLink link, String coordinator, boolean allowOlder) throws Exception {
        JsonNode f = query(link, coordinator, "fetch");
        List<ConfigFiles.Entry> history = ConfigWire.entries(f.path("history"));
        String document = f.path("document").asText();
        long version;
        try {
            version = reader.read("fetched", document.getBytes(StandardCharsets.UTF_8)).configVersion();
        } catch (ConfigurationException e) {
            throw new IOException("the coordinator's document does not read: " + e.getMessage());
        }
        ConfigFiles.Entry entry = history.stream().filter(e -> e.version() == version).findFirst()
            .orElse(new ConfigFiles.Entry(version, clock.instant(), coordinator, "taken from " + coordinator));
        installFrom(coordinator, document, entry, allowOlder);
        try {
            files.mergeHistory(history);
        } catch (IOException e) {
            LOG.warn("Could not record the coordinator's history in {}: {}", files.historyFile(), ConfigFiles.reason(e));
        }
    }

    // ---------------------------------------------------------------- history

    /** @return the versions known here, newest first */
    List<ConfigVersionInfo> history() {
        TreeMap<Long, ConfigFiles.Entry> entries = new TreeMap<>();
        files.history().forEach(e -> entries.put(e.version(), e));
        TreeMap<Long, Path> backups = files.backups();
        ClusterConfiguration r = running;
        TreeMap<Long, ConfigVersionInfo> out = new TreeMap<>();
        entries.forEach((v, e) -> out.put(v, new ConfigVersionInfo(v, e.time(), e.node(), e.change(),
            r != null && r.configVersion() == v, backups.containsKey(v) || (r != null && r.configVersion() == v))));
        backups.forEach((v, path) -> out.computeIfAbsent(v, k -> new ConfigVersionInfo(v, modified(path), "-", "",
            r != null && r.configVersion() == v, true)));
        if (r != null) {
            out.computeIfAbsent(r.configVersion(), v -> new ConfigVersionInfo(v, modified(files.file()), "-", "", true, true));
        }
        List<ConfigVersionInfo> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparingLong(ConfigVersionInfo::version).reversed());
        return list;
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
