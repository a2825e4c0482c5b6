package org.vigil.resource.gfs2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;

/**
 * The agent on real GFS2 file systems made in files with {@code mkfs.gfs2} (gfs2-utils);
 * mounts run inside a private mount namespace. This kernel has no GFS2, so a start ends with
 * the not-installed message; the mount itself is exercised by telling the agent the kernel
 * has gfs2, so that the real {@code mount -t gfs2} runs and its refusal is reported.
 */
class Gfs2IT {

    private static final Duration T = Duration.ofSeconds(30);
    private static Path dir;
    private static Path fs;
    private static MountNamespace ns;
    private static Gfs2ResourceAgent agent;

    @BeforeAll
    static void makeFileSystems() throws Exception {
        assertTrue(Commands.find("mkfs.gfs2").isPresent(), "mkfs.gfs2 is not installed (package gfs2-utils)");
        dir = Files.createTempDirectory("vigil-gfs2");
        fs = mkfs("alpha:data", "lock_dlm");
        ns = new MountNamespace();
        agent = new Gfs2ResourceAgent(ns.commands(), Path.of("/proc/filesystems"), ns.mounts());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns != null) {
            ns.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path mkfs(String table, String protocol) throws IOException, InterruptedException {
        Path f = dir.resolve(table.replace(':', '-') + "-" + protocol + ".img");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(64L << 20);
        }
        Commands.Result r = new Commands().run(Deadline.after(Duration.ofSeconds(60)), "mkfs.gfs2", "-O", "-p",
                protocol, "-t", table, "-j", "2", f.toString());
        assertTrue(r.ok(), "mkfs.gfs2 failed: " + r.said());
        return f;
    }

    private static ResourceInstance gfs2(Path device, String cluster, String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("device", device.toString());
        m.put("mountpoint", dir.resolve("mnt").toString());
        if (cluster != null) {
            m.put("cluster_name", cluster);
        }
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new ResourceInstance("shared-fs", "gfs2", m);
    }

    private static boolean kernelHasGfs2() throws IOException {
        return Files.readString(Path.of("/proc/filesystems"), StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.trim().endsWith("gfs2"));
    }

    @Test
    void theLockTableIsReadBackFromTheSuperblock() {
        OcfResult v = agent.execute(ResourceOperation.VALIDATE, gfs2(fs, "alpha"), T);
        assertEquals(OcfStatus.SUCCESS, v.status(), v.message());
        assertEquals("valid: " + fs + " (lock table alpha:data) on " + dir.resolve("mnt"), v.message());
    }

    @Test
    void aLockTableOfAnotherClusterIsRefusedNamingBoth() {
        OcfResult r = agent.execute(ResourceOperation.START, gfs2(fs, "beta"), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status(), r.message());
        assertTrue(r.message().startsWith("the lock table of " + fs + " is 'alpha:data' but this cluster is 'beta'"),
                r.message());
        assertTrue(r.message().contains("tunegfs2 -o locktable=beta:data"), r.message());
    }

    @Test
    void startOnThisKernelSaysGfs2IsNotInstalled() throws Exception {
        OcfResult r = agent.execute(ResourceOperation.START, gfs2(fs, "alpha"), T);
        if (!kernelHasGfs2()) {
            assertEquals(OcfStatus.ERR_INSTALLED, r.status(), r.message());
            assertEquals("not installed: this kernel has no gfs2 (no 'gfs2' in /proc/filesystems)", r.message());
        } else {
            // a kernel with gfs2 but no DLM running refuses lock_dlm: the agent must say so, never succeed falsely
            boolean mounted = Files.readString(ns.mounts()).contains(" gfs2 ");
            assertEquals(mounted, r.isSuccess(), r.message());
            agent.execute(ResourceOperation.STOP, gfs2(fs, "alpha"), T);
        }
        assertFalse(Files.readString(ns.mounts()).contains(" gfs2 "), "nothing mounted");
    }

    @Test
    void theMountPathRunsTheRealMountAndReportsItsRefusal() throws Exception {
        // tell the agent the kernel has gfs2: it then really runs mount -t gfs2 (in the private namespace)
        Path fakeFilesystems = dir.resolve("filesystems");
        Files.writeString(fakeFilesystems, "nodev\tproc\n\text4\n\tgfs2\n");
        Gfs2ResourceAgent claims = new Gfs2ResourceAgent(ns.commands(), fakeFilesystems, ns.mounts());
        OcfResult r = claims.execute(ResourceOperation.START, gfs2(fs, "alpha", "options", "noatime"), T);
        if (!kernelHasGfs2()) {
            assertEquals(OcfStatus.ERR_GENERIC, r.status(), r.message());
            assertTrue(r.message().startsWith("cannot mount " + fs + " (lock table alpha:data) on " + dir.resolve("mnt")
                    + ": mount: "), r.message());
            assertTrue(r.message().contains("unknown filesystem type 'gfs2'"), r.message());
        }
        assertFalse(Files.readString(ns.mounts()).contains(" gfs2 ") && !r.isSuccess(), "nothing left mounted");
        claims.execute(ResourceOperation.STOP, gfs2(fs, "alpha"), T);
    }

    @Test
    void monitorAndStopOfAFileSystemThatIsNotMounted() {
        OcfResult m = agent.execute(ResourceOperation.MONITOR, gfs2(fs, "alpha"), T);
        assertEquals(OcfStatus.NOT_RUNNING, m.status(), m.message());
        assertEquals(dir.resolve("mnt") + " has no gfs2 file system mounted", m.message());
        OcfResult s = agent.execute(ResourceOperation.STOP, gfs2(fs, "alpha"), T);
        assertEquals(OcfStatus.SUCCESS, s.status(), s.message());
        assertTrue(s.message().contains("was not mounted: nothing to do"), s.message());
    }

    @Test
    void aSingleNodeLockProtocolIsRefused() throws Exception {
        Path nolock = mkfs("alpha:local", "lock_nolock");
        OcfResult r = agent.execute(ResourceOperation.START, gfs2(nolock, "alpha"), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status(), r.message());
        assertTrue(r.message().contains("uses lock protocol 'lock_nolock', not lock_dlm"), r.message());
    }

    @Test
    void badDevicesAndParametersAreNamed() throws Exception {
        Path zeros = dir.resolve("zeros.img");
        try (RandomAccessFile raf = new RandomAccessFile(zeros.toFile(), "rw")) {
            raf.setLength(8L << 20);
        }
        OcfResult notGfs2 = agent.execute(ResourceOperation.START, gfs2(zeros, "alpha"), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, notGfs2.status());
        assertTrue(notGfs2.message().startsWith(zeros + " holds no GFS2 file system (tunegfs2 -l: "), notGfs2.message());
        OcfResult missing = agent.execute(ResourceOperation.START, gfs2(dir.resolve("nope.img"), "alpha"), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, missing.status());
        assertEquals("device " + dir.resolve("nope.img") + " does not exist", missing.message());
        OcfResult noCluster = agent.execute(ResourceOperation.START, gfs2(fs, null), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, noCluster.status());
        assertTrue(noCluster.message().startsWith("cluster_name is missing: the resource manager fills it"),
                noCluster.message());
        OcfResult bad = agent.execute(ResourceOperation.START, new ResourceInstance("x", "gfs2",
                Map.of("device", "sdb1", "force_unmount", "maybe")), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, bad.status());
        assertEquals("invalid gfs2 resource parameters: device 'sdb1' is not an absolute path; mountpoint is "
                + "required; force_unmount 'maybe' is not 1 or 0", bad.message());
    }
}
