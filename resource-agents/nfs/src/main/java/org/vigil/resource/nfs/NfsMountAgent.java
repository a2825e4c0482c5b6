package org.vigil.resource.nfs;

import java.io.IOException;
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
 * The {@code nfs} resource agent, rgmanager's {@code netfs}: mounts an NFS export with the
 * kernel's NFS client ({@code mount -t nfs|nfs4}); monitor checks the mount table and that
 * the mount answers ({@code stat -f} within the timeout); stop unmounts, killing the users
 * of the mount point first when {@code force_unmount} is on. A kernel without an NFS client
 * is detected and reported as not installed, never as a success.
 */
@Component(service = ResourceAgent.class, property = ResourceAgent.TYPE_PROPERTY + "=" + NfsMountAgent.TYPE)
public final class NfsMountAgent implements ResourceAgent {

    /** The resource type this agent serves. */
    public static final String TYPE = "nfs";

    private static final Logger LOG = LoggerFactory.getLogger(NfsMountAgent.class);

    private static final ResourceAgentMetadata METADATA = new ResourceAgentMetadata(TYPE,
            "NFS client mount (rgmanager's netfs): mount table and a live answer checked, users killed on stop "
                    + "when force_unmount is on",
            NfsMountParameters.PARAMETERS,
            Map.of(ResourceOperation.START, Duration.ofSeconds(60), ResourceOperation.STOP, Duration.ofSeconds(60),
                    ResourceOperation.MONITOR, Duration.ofSeconds(40), ResourceOperation.VALIDATE,
                    Duration.ofSeconds(10)));

    private final Commands commands;
    private final Path filesystems;
    private final Path mounts;

    /** The agent on this node (what DS creates). */
    public NfsMountAgent() {
        this(new Commands(), Path.of("/proc/filesystems"), Path.of("/proc/self/mounts"));
    }

    /**
     * @param commands    how commands run (tests: inside a private mount namespace)
     * @param filesystems the kernel's file system list
     * @param mounts      the mount table of the namespace the commands run in
     */
    NfsMountAgent(Commands commands, Path filesystems, Path mounts) {
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
            NfsMountParameters p;
            try {
                p = NfsMountParameters.parse(resource.parameters());
            } catch (IllegalArgumentException e) {
                throw new AgentFailure(OcfStatus.ERR_CONFIGURED, e.getMessage());
            }
            result = switch (operation) {
                case START -> start(p, deadline);
                case STOP -> stop(p, deadline);
                case MONITOR -> monitor(p, deadline);
                case VALIDATE -> new OcfResult(OcfStatus.SUCCESS, "valid: " + p.source() + " on " + p.mountpoint()
                        + " (" + p.fstype() + ")");
            };
        } catch (AgentFailure f) {
            result = f.result();
        }
        if (result.isSuccess() || result.status() == OcfStatus.NOT_RUNNING) {
            LOG.debug("nfs {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        } else {
            LOG.warn("nfs {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        }
        return result;
    }

    private OcfResult start(NfsMountParameters p, Deadline d) throws AgentFailure {
        Optional<MountTable.Entry> there = table().at(p.mountpoint());
        if (there.isPresent()) {
            if (ours(p).test(there.get())) {
                OcfResult now = monitor(p, d);
                return now.isSuccess() ? new OcfResult(OcfStatus.SUCCESS, "already mounted: " + now.message()) : now;
            }
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot mount " + p.source() + " on " + p.mountpoint()
                    + ": " + there.get().source() + " (" + there.get().fstype() + ") is already mounted there");
        }
        try {
            if (!KernelFilesystems.supports(p.fstype(), filesystems, commands, d)) {
                throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: this kernel has no nfs client (no '"
                        + p.fstype() + "' in " + filesystems + ")");
            }
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot read " + filesystems + ": " + e);
        }
        if (Commands.find("mount.nfs").isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: mount.nfs (package nfs-common)");
        }
        Commands.Result mk = commands.run(d, "mkdir", "-p", p.mountpoint());
        if (!mk.ok()) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "cannot create mountpoint " + p.mountpoint() + ": "
                    + mk.said());
        }
        Commands.Result r = p.options().isEmpty()
                ? commands.run(d, "mount", "-t", p.fstype(), p.source(), p.mountpoint())
                : commands.run(d, "mount", "-t", p.fstype(), "-o", p.options(), p.source(), p.mountpoint());
        if (r.timedOut()) {
            quietUnmount(p);
            throw new AgentFailure(OcfStatus.TIMED_OUT, "mounting " + p.source() + " on " + p.mountpoint()
                    + " timed out after " + d.totalText() + " (mount killed; is the server reachable?)");
        }
        if (!r.ok()) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot mount " + p.source() + " on " + p.mountpoint() + ": "
                    + r.said());
        }
        OcfResult now = monitor(p, d);
        if (!now.isSuccess()) {
            quietUnmount(p);
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "mount of " + p.source() + " did not take effect: "
                    + now.message());
        }
        return new OcfResult(OcfStatus.SUCCESS, "mounted " + p.source() + " on " + p.mountpoint() + " ("
                + p.fstype() + ")");
    }

    private OcfResult monitor(NfsMountParameters p, Deadline d) throws AgentFailure {
        Optional<MountTable.Entry> there = table().at(p.mountpoint());
        if (there.isEmpty() || !there.get().fstype().startsWith("nfs")) {
            return new OcfResult(OcfStatus.NOT_RUNNING, p.mountpoint() + " has no NFS file system mounted");
        }
        if (!ours(p).test(there.get())) {
            return new OcfResult(OcfStatus.ERR_GENERIC, p.mountpoint() + " has " + there.get().source()
                    + " mounted, not " + p.source());
        }
        Commands.Result r = commands.run(d, "stat", "-f", "-c", "%T", p.mountpoint());
        if (r.timedOut()) {
            return new OcfResult(OcfStatus.ERR_GENERIC, p.source() + " is mounted on " + p.mountpoint()
                    + " but does not answer (stat killed after " + d.totalText() + "; server unreachable?)");
        }
        if (!r.ok()) {
            return new OcfResult(OcfStatus.ERR_GENERIC, p.source() + " is mounted on " + p.mountpoint()
                    + " but does not answer: " + r.said());
        }
        return new OcfResult(OcfStatus.SUCCESS, p.source() + " is mounted on " + p.mountpoint() + " and answers");
    }

    private OcfResult stop(NfsMountParameters p, Deadline d) throws AgentFailure {
        String done = new Unmounter(commands, mounts).unmount(p.mountpoint(), ours(p), p.forceUnmount(),
                p.forceUnmount() ? "-f" : "", d);
        return new OcfResult(OcfStatus.SUCCESS, done.equals("not mounted")
                ? p.mountpoint() + " was not mounted: nothing to do" : done);
    }

    /** Whether a mount is this resource's export (the kernel may write the source without brackets or slash). */
    private static Predicate<MountTable.Entry> ours(NfsMountParameters p) {
        return e -> {
            if (!e.fstype().startsWith("nfs")) {
                return false;
            }
            String s = e.source();
            int colon = s.lastIndexOf(":/");
            if (colon < 0) {
                return false;
            }
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            String path = MountTable.normalize(s.substring(colon + 1));
            return host.equalsIgnoreCase(p.host()) && path.equals(p.export());
        };
    }

    private MountTable table() throws AgentFailure {
        try {
            return MountTable.read(mounts);
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot read the mount table " + mounts + ": " + e);
        }
    }

    private void quietUnmount(NfsMountParameters p) {
        try {
            new Unmounter(commands, mounts).unmount(p.mountpoint(), ours(p), p.forceUnmount(), "-f",
                    Deadline.after(Duration.ofSeconds(10)));
        } catch (AgentFailure f) {
            LOG.warn("nfs {}: could not unmount after a failed start: {}", p.mountpoint(), f.getMessage());
        }
    }
}
