package org.vigil.resource.gfs2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
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
import org.vigil.resource.support.MountTable;
import org.vigil.resource.support.Unmounter;

/**
 * The {@code gfs2} resource agent, rgmanager's {@code clusterfs}: mounts a GFS2 file system
 * after checking that its superblock's lock table ({@code tunegfs2 -l}) names this cluster
 * ({@code cluster_name}, which the resource manager fills from cluster.conf), and that the
 * kernel has GFS2 ({@code /proc/filesystems}); monitor checks the mount table and that the
 * file system answers; stop unmounts it, killing its users first when it is busy
 * ({@code force_unmount}, on by default as in clusterfs).
 */
@Component(service = ResourceAgent.class, property = ResourceAgent.TYPE_PROPERTY + "=" + Gfs2ResourceAgent.TYPE)
public final class Gfs2ResourceAgent implements ResourceAgent {

    /** The resource type this agent serves. */
    public static final String TYPE = "gfs2";

    private static final Logger LOG = LoggerFactory.getLogger(Gfs2ResourceAgent.class);

    private static final ResourceAgentMetadata METADATA = new ResourceAgentMetadata(TYPE,
            "GFS2 cluster file system mount (rgmanager's clusterfs): lock table checked against the cluster name, "
                    + "users killed on stop when busy",
            Gfs2Parameters.PARAMETERS,
            Map.of(ResourceOperation.START, Duration.ofSeconds(60), ResourceOperation.STOP, Duration.ofSeconds(60),
                    ResourceOperation.MONITOR, Duration.ofSeconds(40), ResourceOperation.VALIDATE,
                    Duration.ofSeconds(10)));

    private final Commands commands;
    private final Path filesystems;
    private final Path mounts;

    /** The agent on this node (what DS creates). */
    public Gfs2ResourceAgent() {
        this(new Commands(), Path.of("/proc/filesystems"), Path.of("/proc/self/mounts"));
    }

    /**
     * @param commands    how commands run (tests: inside a private mount namespace)
     * @param filesystems the kernel's file system list
     * @param mounts      the mount table of the namespace the commands run in
     */
    Gfs2ResourceAgent(Commands commands, Path filesystems, Path mounts) {
        this.commands = commands;
        this.filesystems = filesystems;
        this.mounts = mounts;
    }

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
            Gfs2Parameters p;
            try {
                p = Gfs2Parameters.parse(resource.parameters());
            } catch (IllegalArgumentException e) {
                throw new AgentFailure(OcfStatus.ERR_CONFIGURED, e.getMessage());
            }
            result = switch (operation) {
                case START -> start(p, deadline);
                case STOP -> stop(p, deadline);
                case MONITOR -> monitor(p, deadline);
                case VALIDATE -> validate(p, deadline);
            };
        } catch (AgentFailure f) {
            result = f.result();
        }
        if (result.isSuccess() || result.status() == OcfStatus.NOT_RUNNING) {
            LOG.debug("gfs2 {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        } else {
            LOG.warn("gfs2 {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        }
        return result;
    }

    private OcfResult validate(Gfs2Parameters p, Deadline d) throws AgentFailure {
        LockTable lt = checkLockTable(p, d);
        return new OcfResult(OcfStatus.SUCCESS, "valid: " + p.device() + " (lock table " + lt.table() + ") on "
                + p.mountpoint());
    }

    private OcfResult start(Gfs2Parameters p, Deadline d) throws AgentFailure {
        Optional<MountTable.Entry> there = table().at(p.mountpoint());
        if (there.isPresent()) {
            if (ours(p).test(there.get())) {
                OcfResult now = monitor(p, d);
                return now.isSuccess() ? new OcfResult(OcfStatus.SUCCESS, "already mounted: " + now.message()) : now;
            }
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot mount " + p.device() + " on " + p.mountpoint()
                    + ": " + there.get().source() + " (" + there.get().fstype() + ") is already mounted there");
        }
        LockTable lt = checkLockTable(p, d);
        try {
            if (!KernelFilesystems.supports("gfs2", filesystems, commands, d)) {
                throw new AgentFailure(OcfStatus.ERR_INSTALLED,
                        "not installed: this kernel has no gfs2 (no 'gfs2' in " + filesystems + ")");
            }
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot read " + filesystems + ": " + e);
        }
        Commands.Result mk = commands.run(d, "mkdir", "-p", p.mountpoint());
        if (!mk.ok()) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "cannot create mountpoint " + p.mountpoint() + ": "
                    + mk.said());
        }
        Commands.Result r = p.options().isEmpty()
                ? commands.run(d, "mount", "-t", "gfs2", p.device(), p.mountpoint())
                : commands.run(d, "mount", "-t", "gfs2", "-o", p.options(), p.device(), p.mountpoint());
        if (r.timedOut()) {
            // a mount that hangs may still complete: take it away again so nothing is left half-started
            quietUnmount(p);
            throw new AgentFailure(OcfStatus.TIMED_OUT, "mounting " + p.device() + " on " + p.mountpoint()
                    + " timed out after " + d.totalText() + " (mount killed)");
        }
        if (!r.ok()) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot mount " + p.device() + " (lock table " + lt.table()
                    + ") on " + p.mountpoint() + ": " + r.said());
        }
        OcfResult now = monitor(p, d);
        if (!now.isSuccess()) {
            quietUnmount(p);
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "mount of " + p.device() + " did not take effect: "
                    + now.message());
        }
        return new OcfResult(OcfStatus.SUCCESS, "mounted " + p.device() + " (lock table " + lt.table() + ") on "
                + p.mountpoint());
    }

    private OcfResult monitor(Gfs2Parameters p, Deadline d) throws AgentFailure {
        Optional<MountTable.Entry> there = table().at(p.mountpoint());
        if (there.isEmpty() || !there.get().fstype().equals("gfs2")) {
            return new OcfResult(OcfStatus.NOT_RUNNING, p.mountpoint() + " has no gfs2 file system mounted");
        }
        if (!ours(p).test(there.get())) {
            return new OcfResult(OcfStatus.ERR_GENERIC, p.mountpoint() + " has " + there.get().source()
                    + " mounted, not " + p.device());
        }
        Commands.Result r = commands.run(d, "stat", "-f", "-c", "%T", p.mountpoint());
        if (r.timedOut()) {
            return new OcfResult(OcfStatus.ERR_GENERIC, p.mountpoint() + " is mounted but does not answer (stat "
                    + "killed after " + d.totalText() + ")");
        }
        if (!r.ok()) {
            return new OcfResult(OcfStatus.ERR_GENERIC, p.mountpoint() + " is mounted but does not answer: "
                    + r.said());
        }
        return new OcfResult(OcfStatus.SUCCESS, p.device() + " is mounted on " + p.mountpoint());
    }

    private OcfResult stop(Gfs2Parameters p, Deadline d) throws AgentFailure {
        String done = new Unmounter(commands, mounts).unmount(p.mountpoint(),
                e -> e.fstype().equals("gfs2") && ours(p).test(e), p.forceUnmount(), "", d);
        return new OcfResult(OcfStatus.SUCCESS, done.equals("not mounted")
                ? p.mountpoint() + " was not mounted: nothing to do" : done);
    }

    // ---- helpers

    private LockTable checkLockTable(Gfs2Parameters p, Deadline d) throws AgentFailure {
        if (p.clusterName().isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "cluster_name is missing: the resource manager fills it "
                    + "from cluster.conf; without it the lock table of " + p.device() + " cannot be checked");
        }
        if (!Files.exists(Path.of(p.device()))) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "device " + p.device() + " does not exist");
        }
        if (Commands.find("tunegfs2").isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: tunegfs2 (package gfs2-utils)");
        }
        Commands.Result r = commands.run(d, "tunegfs2", "-l", p.device());
        if (r.timedOut()) {
            throw new AgentFailure(OcfStatus.TIMED_OUT, "reading the superblock of " + p.device() + " timed out after "
                    + d.totalText());
        }
        Optional<LockTable> lt = r.ok() ? LockTable.parse(r.stdout()) : Optional.empty();
        if (lt.isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, p.device() + " holds no GFS2 file system (tunegfs2 -l: "
                    + r.said() + ")");
        }
        LockTable t = lt.get();
        if (!t.protocol().equals("lock_dlm")) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "the GFS2 file system on " + p.device() + " uses lock "
                    + "protocol '" + t.protocol() + "', not lock_dlm: mounting it on more than one node would corrupt "
                    + "it (change it with tunegfs2 -o lockproto=lock_dlm)");
        }
        if (!t.cluster().equals(p.clusterName().get())) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "the lock table of " + p.device() + " is '" + t.table()
                    + "' but this cluster is '" + p.clusterName().get() + "': the cluster parts differ, so its "
                    + "locks would not be shared with this cluster (change it with tunegfs2 -o locktable="
                    + p.clusterName().get() + ":" + t.table().substring(t.table().indexOf(':') + 1) + ")");
        }
        return t;
    }

    /** Whether a mount is this resource's device (a file is mounted through a loop device). */
    private static Predicate<MountTable.Entry> ours(Gfs2Parameters p) {
        return e -> {
            if (e.source().equals(p.device())) {
                return true;
            }
            try {
                Path dev = Path.of(p.device());
                if (Files.isRegularFile(dev)) {
                    return e.source().startsWith("/dev/loop");
                }
                return Files.exists(Path.of(e.source())) && Files.isSameFile(dev, Path.of(e.source()));
            } catch (IOException | RuntimeException x) {
                return false;
            }
        };
    }

    private MountTable table() throws AgentFailure {
        try {
            return MountTable.read(mounts);
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot read the mount table " + mounts + ": " + e);
        }
    }

    private void quietUnmount(Gfs2Parameters p) {
        try {
            new Unmounter(commands, mounts).unmount(p.mountpoint(), e -> e.fstype().equals("gfs2"), p.forceUnmount(),
                    "", Deadline.after(Duration.ofSeconds(10)));
        } catch (AgentFailure f) {
            LOG.warn("gfs2 {}: could not unmount after a failed start: {}", p.mountpoint(), f.getMessage());
        }
    }
}
