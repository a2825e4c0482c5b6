package org.vigil.resource.nfs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.resource.support.AgentFailure;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;

/**
 * The {@code nfsserver} resource agent: exports a directory over NFSv3/v4 through a
 * user-space nfs-ganesha server, one server per resource, so an HA NFS service needs no
 * kernel NFS server. Start writes {@code ganesha.conf} into the state directory, starts
 * {@code rpcbind} when NFSv3 is served and none runs, starts {@code ganesha.nfsd} and waits
 * until the export answers a real NFS client ({@code nfs-ls}, libnfs); monitor checks the
 * process (pid file) and the export's answer; stop ends the process and waits for it.
 */
@Component(service = ResourceAgent.class, property = ResourceAgent.TYPE_PROPERTY + "=" + NfsServerAgent.TYPE)
public final class NfsServerAgent implements ResourceAgent {

    /** The resource type this agent serves. */
    public static final String TYPE = "nfsserver";

    private static final Logger LOG = LoggerFactory.getLogger(NfsServerAgent.class);

    private static final ResourceAgentMetadata METADATA = new ResourceAgentMetadata(TYPE,
            "NFS export of a directory through a user-space nfs-ganesha server (NFSv3/v4), checked with a real "
                    + "NFS client",
            NfsServerParameters.PARAMETERS,
            Map.of(ResourceOperation.START, Duration.ofSeconds(40), ResourceOperation.STOP, Duration.ofSeconds(30),
                    ResourceOperation.MONITOR, Duration.ofSeconds(20), ResourceOperation.VALIDATE,
                    Duration.ofSeconds(10)));

    private static final String GANESHA = "ganesha.nfsd";
    private static final Duration CHECK_LIMIT = Duration.ofSeconds(5);

    private final Commands commands = new Commands();

    @Override
    public ResourceAgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout) {
        if (operation == null || resource == null) {
            return new OcfResult(OcfStatus.ERR_ARGS, "no operation or resource given");
        }
        Duration limit = timeout == null || timeout.isZero() || timeout.isNegative()
                ? METADATA.defaultTimeouts().get(operation) : timeout;
        Deadline deadline = Deadline.after(limit);
        OcfResult result;
        try {
            NfsServerParameters p;
            try {
                p = NfsServerParameters.parse(resource.name(), resource.parameters());
            } catch (IllegalArgumentException e) {
                throw new AgentFailure(OcfStatus.ERR_CONFIGURED, e.getMessage());
            }
            result = switch (operation) {
                case START -> start(p, deadline);
                case STOP -> stop(p, deadline);
                case MONITOR -> monitor(p, deadline);
                case VALIDATE -> validate(p);
            };
        } catch (AgentFailure f) {
            result = f.result();
        }
        if (result.isSuccess() || result.status() == OcfStatus.NOT_RUNNING) {
            LOG.debug("nfsserver {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        } else {
            LOG.warn("nfsserver {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        }
        return result;
    }

    // ---- operations

    private OcfResult validate(NfsServerParameters p) throws AgentFailure {
        checkInstalled(p);
        checkPath(p);
        return new OcfResult(OcfStatus.SUCCESS, "valid: " + p.path() + " as " + p.pseudo() + " on " + p.checkHost()
                + ":" + p.port() + " over " + versions(p));
    }

    private OcfResult start(NfsServerParameters p, Deadline d) throws AgentFailure {
        checkInstalled(p);
        checkPath(p);
        OptionalLong running = runningPid(p);
        if (running.isPresent()) {
            OcfResult now = monitor(p, d);
            return now.isSuccess() ? new OcfResult(OcfStatus.SUCCESS, "already running: " + now.message()) : now;
        }
        String rpcbind = p.protocols().contains(3) ? ensureRpcbind(p, d) : "";
        Path conf = p.stateDir().resolve("ganesha.conf");
        Path log = p.stateDir().resolve("ganesha.log");
        Path pidFile = pidFile(p);
        try {
            Files.createDirectories(p.stateDir().resolve("recovery"));
            Files.writeString(conf, GaneshaConfig.render(p), StandardCharsets.UTF_8);
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "cannot write " + conf + ": " + e.getMessage());
        }
        long logFrom = GaneshaLog.size(log);
        List<String> cmd = new ArrayList<>();
        Commands.find("setsid").ifPresent(s -> cmd.add(s.toString())); // its own session: no signals from ours
        cmd.addAll(List.of(Commands.find(GANESHA).orElseThrow().toString(), "-F", "-f", conf.toString(), "-L",
                log.toString(), "-p", pidFile.toString(), "-N", "NIV_EVENT"));
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(p.stateDir().resolve("ganesha.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot start " + GANESHA + ": " + e.getMessage());
        }
        String lastAnswer = "";
        while (true) {
            if (!proc.isAlive()) {
                String why = GaneshaLog.problemsSince(log, logFrom);
                throw new AgentFailure(OcfStatus.ERR_GENERIC, GANESHA + " exited with code " + proc.exitValue()
                        + " before serving " + p.path() + " on " + p.checkHost() + ":" + p.port() + " (mount port "
                        + p.mountPort() + "): " + (why.isEmpty() ? "no reason in its log" : why)
                        + " (log: " + log + ")");
            }
            Optional<String> problem = exportProblem(p, d);
            if (problem.isEmpty()) {
                break;
            }
            lastAnswer = problem.get();
            if (d.remainingMillis() < 200 || !d.sleep(100)) {
                kill(proc.pid(), Deadline.after(Duration.ofSeconds(5)));
                throw new AgentFailure(OcfStatus.TIMED_OUT, GANESHA + " (pid " + proc.pid() + ") did not serve "
                        + p.path() + " within " + d.totalText() + "; stopped it again. Last answer: " + lastAnswer);
            }
        }
        if (!Files.exists(pidFile)) {
            try {
                Files.writeString(pidFile, proc.pid() + "\n");
            } catch (IOException e) {
                kill(proc.pid(), Deadline.after(Duration.ofSeconds(5)));
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot write " + pidFile + ": " + e.getMessage());
            }
        }
        return new OcfResult(OcfStatus.SUCCESS, GANESHA + " (pid " + proc.pid() + ") serves " + p.path() + " as "
                + p.pseudo() + " on " + p.checkHost() + ":" + p.port() + " over " + versions(p) + rpcbind);
    }

    private OcfResult monitor(NfsServerParameters p, Deadline d) throws AgentFailure {
        Path pidFile = pidFile(p);
        OptionalLong pid = runningPid(p);
        if (pid.isEmpty()) {
            return new OcfResult(OcfStatus.NOT_RUNNING, GANESHA + " for " + p.path() + " is not running"
                    + (Files.exists(pidFile) ? " (stale pid file " + pidFile + ")" : ""));
        }
        Optional<String> problem = exportProblem(p, d);
        if (problem.isPresent()) {
            return new OcfResult(OcfStatus.ERR_GENERIC, GANESHA + " (pid " + pid.getAsLong() + ") runs but the export "
                    + "does not answer: " + problem.get());
        }
        return new OcfResult(OcfStatus.SUCCESS, GANESHA + " (pid " + pid.getAsLong() + ") serves " + p.path()
                + " on " + p.checkHost() + ":" + p.port() + " over " + versions(p));
    }

    private OcfResult stop(NfsServerParameters p, Deadline d) throws AgentFailure {
        OptionalLong pid = runningPid(p);
        Path pidFile = pidFile(p);
        if (pid.isEmpty()) {
            deleteQuietly(pidFile);
            return new OcfResult(OcfStatus.SUCCESS, GANESHA + " for " + p.path() + " was not running: nothing to do");
        }
        if (!kill(pid.getAsLong(), d)) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, GANESHA + " (pid " + pid.getAsLong() + ") is still running "
                    + "after SIGTERM and SIGKILL");
        }
        deleteQuietly(pidFile);
        return new OcfResult(OcfStatus.SUCCESS, "stopped " + GANESHA + " (pid " + pid.getAsLong() + ") serving "
                + p.path());
    }

    // ---- helpers

    private static String versions(NfsServerParameters p) {
        return "NFSv" + String.join(", v", p.protocols().stream().map(String::valueOf).toList());
    }

    private static Path pidFile(NfsServerParameters p) {
        return p.stateDir().resolve("ganesha.pid");
    }

    private static void checkInstalled(NfsServerParameters p) throws AgentFailure {
        if (Commands.find(GANESHA).isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: " + GANESHA + " (package nfs-ganesha)");
        }
        boolean vfs = false;
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu/ganesha", "/usr/lib/aarch64-linux-gnu/ganesha",
                "/usr/lib64/ganesha", "/usr/lib/ganesha")) {
            vfs |= Files.exists(Path.of(dir, "libfsalvfs.so"));
        }
        if (!vfs) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: ganesha's VFS back end libfsalvfs.so "
                    + "(package nfs-ganesha-vfs)");
        }
        if (Commands.find("nfs-ls").isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: nfs-ls, the NFS client that checks the "
                    + "export (package libnfs-utils)");
        }
        if (p.protocols().contains(3) && (Commands.find("rpcbind").isEmpty() || Commands.find("rpcinfo").isEmpty())) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: rpcbind, which NFSv3 needs (package "
                    + "rpcbind)");
        }
    }

    private static void checkPath(NfsServerParameters p) throws AgentFailure {
        if (!Files.isDirectory(Path.of(p.path()))) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "path " + p.path() + " is not a directory on this node");
        }
    }

    /** @return why the export does not answer a real NFS client, or empty when it answers on every version */
    private Optional<String> exportProblem(NfsServerParameters p, Deadline d) {
        for (int v : p.protocols()) {
            String url = v == 4
                    ? "nfs://" + p.checkHost() + p.pseudo() + "?version=4&nfsport=" + p.port()
                    : "nfs://" + p.checkHost() + p.path() + "?nfsport=" + p.port() + "&mountport=" + p.mountPort();
            Deadline check = Deadline.after(Duration.ofMillis(Math.max(1, Math.min(d.remainingMillis(),
                    CHECK_LIMIT.toMillis()))));
            Commands.Result r = commands.run(check, "nfs-ls", url);
            if (!r.ok()) {
                return Optional.of("NFSv" + v + " " + url + ": " + (r.said().isEmpty() ? "exit code " + r.exitCode()
                        : r.said()));
            }
        }
        return Optional.empty();
    }

    /** @return the pid in the pid file when that process is a live ganesha.nfsd */
    private static OptionalLong runningPid(NfsServerParameters p) {
        Path pidFile = pidFile(p);
        try {
            if (!Files.exists(pidFile)) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return alive(pid, GANESHA) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** @return true when the process exists, is not a zombie, and runs the named program */
    static boolean alive(long pid, String program) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(stat.indexOf('(') + 1, close);
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X' && program.startsWith(comm);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** SIGTERM, wait, then SIGKILL; @return true once the process is gone */
    private static boolean kill(long pid, Deadline d) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !alive(pid, GANESHA)) {
            return true;
        }
        h.get().destroy();
        long reserve = Math.min(2000, d.remainingMillis() / 4);
        while (d.remainingMillis() > reserve) {
            if (!alive(pid, GANESHA)) {
                return true;
            }
            d.sleep(50);
        }
        h.get().destroyForcibly();
        try {
            h.get().onExit().get(Math.max(1000, d.remainingMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // checked below
        }
        return !alive(pid, GANESHA);
    }

    /** Starts rpcbind when none answers; @return what was done, for the start message */
    private String ensureRpcbind(NfsServerParameters p, Deadline d) throws AgentFailure {
        if (commands.run(limited(d), "rpcinfo", "-p").ok()) {
            return "";
        }
        Path out = p.stateDir().resolve("rpcbind.log");
        Process rpc;
        try {
            Files.createDirectories(p.stateDir());
            List<String> cmd = new ArrayList<>();
            Commands.find("setsid").ifPresent(s -> cmd.add(s.toString()));
            cmd.addAll(List.of(Commands.find("rpcbind").orElseThrow().toString(), "-f", "-w"));
            rpc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            Files.writeString(p.stateDir().resolve("rpcbind.pid"), rpc.pid() + "\n");
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot start rpcbind (NFSv3 needs it): " + e.getMessage());
        }
        while (true) {
            if (!rpc.isAlive()) {
                String said;
                try {
                    said = Files.readString(out).strip();
                } catch (IOException e) {
                    said = "";
                }
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "rpcbind (NFSv3 needs it) exited with code "
                        + rpc.exitValue() + (said.isEmpty() ? "" : ": " + said));
            }
            if (commands.run(limited(d), "rpcinfo", "-p").ok()) {
                LOG.info("nfsserver {}: started rpcbind (pid {}) for NFSv3", p.path(), rpc.pid());
                return "; started rpcbind (pid " + rpc.pid() + ")";
            }
            if (d.remainingMillis() < 200 || !d.sleep(50)) {
                rpc.destroyForcibly();
                throw new AgentFailure(OcfStatus.TIMED_OUT, "rpcbind (NFSv3 needs it) did not answer within "
                        + d.totalText());
            }
        }
    }

    private static Deadline limited(Deadline d) {
        return Deadline.after(Duration.ofMillis(Math.max(1, Math.min(d.remainingMillis(), CHECK_LIMIT.toMillis()))));
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", f, e.getMessage());
        }
    }
}
