package org.vigil.resource.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.vigil.api.resource.OcfStatus;

/**
 * Unmounts a file system as rgmanager's {@code clusterfs} and {@code netfs} do: {@code umount};
 * when it is busy and force unmount is on, kill every process using the file system
 * ({@code fuser -kmM}, which refuses anything that is not a mount point) and try again,
 * up to three times.
 */
public final class Unmounter {

    private static final int ATTEMPTS = 3;

    private final Commands commands;
    private final Path mounts;

    /**
     * @param commands how commands run
     * @param mounts   the mount table to check ({@code /proc/self/mounts})
     */
    public Unmounter(Commands commands, Path mounts) {
        this.commands = commands;
        this.mounts = mounts;
    }

    /**
     * @param mountpoint where
     * @param ours       which mount there is ours (others are left alone)
     * @param force      whether to kill the processes that keep it busy
     * @param extraFlags flags for the last attempt ({@code -f} for NFS), may be empty
     * @param deadline   the operation's deadline
     * @return what was done, for the result message
     * @throws AgentFailure when it is still mounted, with umount's reason and who uses it
     */
    public String unmount(String mountpoint, Predicate<MountTable.Entry> ours, boolean force, String extraFlags,
                   Deadline deadline) throws AgentFailure {
        String mp = MountTable.normalize(mountpoint);
        StringBuilder done = new StringBuilder();
        String lastError = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<MountTable.Entry> e = table().at(mp);
            if (e.isEmpty() || !ours.test(e.get())) {
                return done.length() == 0 ? "not mounted" : done.toString().strip();
            }
            boolean last = attempt == ATTEMPTS && !extraFlags.isEmpty();
            Commands.Result r = last ? commands.run(deadline, "umount", extraFlags, mp) : commands.run(deadline, "umount", mp);
            if (r.timedOut()) {
                throw new AgentFailure(OcfStatus.TIMED_OUT, "unmounting " + mp + " timed out after "
                        + deadline.totalText() + " (umount killed)");
            }
            if (r.ok()) {
                done.append(" unmounted ").append(mp).append(attempt > 1 ? " (attempt " + attempt + ")" : "");
                continue;
            }
            lastError = r.said();
            String users = users(mp, deadline);
            if (!force) {
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot unmount " + mp + ": " + lastError
                        + (users.isEmpty() ? "" : "; in use by " + users) + " (force_unmount is off)");
            }
            if (Commands.find("fuser").isEmpty()) {
                throw new AgentFailure(OcfStatus.ERR_INSTALLED, "cannot unmount " + mp + ": " + lastError
                        + "; not installed: fuser (package psmisc), which force_unmount needs to kill its users");
            }
            Commands.Result k = commands.run(deadline, "fuser", "-kmM", mp);
            if (k.exitCode() == 0) {
                done.append(" killed the processes using ").append(mp).append(users.isEmpty() ? "" : " (" + users + ")")
                        .append(';');
                waitUntilUnused(mp, deadline);
            }
            if (deadline.expired()) {
                throw new AgentFailure(OcfStatus.TIMED_OUT, "unmounting " + mp + " timed out after "
                        + deadline.totalText() + ": " + lastError);
            }
        }
        Optional<MountTable.Entry> e = table().at(mp);
        if (e.isEmpty() || !ours.test(e.get())) {
            return done.toString().strip();
        }
        throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot unmount " + mp + " after " + ATTEMPTS + " attempts: "
                + lastError + (done.length() == 0 ? "" : " (" + done.toString().strip() + ")"));
    }

    /** @return the processes using the file system at mp, as {@code fuser -vm} names them ("1234 sleep, ...") */
    public String users(String mp, Deadline deadline) {
        Commands.Result r = commands.runMerged(deadline, "fuser", "-vmM", mp);
        StringBuilder b = new StringBuilder();
        for (String line : r.stdout().split("\n")) {
            String[] w = line.trim().split("\\s+");
            // "                     root       1234 ..c.. sleep" (the first line also holds the mount point)
            if (w.length >= 4 && w[w.length - 3].matches("\\d+")) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(w[w.length - 3]).append(' ').append(w[w.length - 1]);
            }
        }
        return b.toString();
    }

    private void waitUntilUnused(String mp, Deadline deadline) {
        while (!deadline.expired()) {
            Commands.Result r = commands.run(deadline, "fuser", "-mM", mp);
            if (r.exitCode() != 0 || r.stdout().isBlank()) {
                return;
            }
            if (!deadline.sleep(50)) {
                return;
            }
        }
    }

    private MountTable table() throws AgentFailure {
        try {
            return MountTable.read(mounts);
        } catch (IOException e) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot read the mount table " + mounts + ": " + e);
        }
    }
}
