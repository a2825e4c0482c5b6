package org.vigil.resource.gfs2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfStatus;
import org.vigil.resource.support.AgentFailure;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;
import org.vigil.resource.support.Unmounter;

/**
 * clusterfs' force unmount for real: a tmpfs in a private mount namespace kept busy by a
 * process whose working directory is in it (tmpfs stands in for gfs2, which this kernel
 * cannot mount; the unmount logic does not depend on the type).
 */
class UnmounterIT {

    @Test
    void aBusyFileSystemIsRefusedWithoutForceAndItsUsersAreKilledWithForce() throws Exception {
        assertTrue(Commands.find("fuser").isPresent(), "fuser is not installed (package psmisc)");
        Path mp = Files.createTempDirectory("vigil-umount");
        try (MountNamespace ns = new MountNamespace()) {
            ns.sh("mount", "-t", "tmpfs", "vigiltest", mp.toString());
            Process user = ns.spawn("sh", "-c", "cd " + mp + " && exec sleep 600");
            try {
                waitUntilBusy(ns, mp);
                Unmounter u = new Unmounter(ns.commands(), ns.mounts());
                AgentFailure refused = assertThrows(AgentFailure.class, () -> u.unmount(mp.toString(),
                        e -> e.fstype().equals("tmpfs"), false, "", Deadline.after(Duration.ofSeconds(20))));
                assertEquals(OcfStatus.ERR_GENERIC, refused.result().status());
                assertTrue(refused.getMessage().startsWith("cannot unmount " + mp + ": umount: " + mp
                        + ": target is busy"), refused.getMessage());
                assertTrue(refused.getMessage().contains("in use by " + user.pid() + " sleep (force_unmount is off)"),
                        refused.getMessage());
                assertTrue(user.isAlive());
                String done = u.unmount(mp.toString(), e -> e.fstype().equals("tmpfs"), true, "",
                        Deadline.after(Duration.ofSeconds(20)));
                assertTrue(done.contains("killed the processes using " + mp + " (" + user.pid() + " sleep)")
                        && done.contains("unmounted " + mp + " (attempt 2)"), done);
                assertTrue(user.waitFor(5, TimeUnit.SECONDS), "the user was killed");
                assertFalse(Files.readString(ns.mounts()).contains(" " + mp + " "), "unmounted");
                assertEquals("not mounted", u.unmount(mp.toString(), e -> true, true, "",
                        Deadline.after(Duration.ofSeconds(5))));
            } finally {
                user.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(mp);
        }
    }

    private static void waitUntilBusy(MountNamespace ns, Path mp) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            Commands.Result r = ns.commands().run(Deadline.after(Duration.ofSeconds(5)), "fuser", "-mM", mp.toString());
            if (r.exitCode() == 0 && !r.stdout().isBlank()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the test process never entered " + mp);
    }
}
