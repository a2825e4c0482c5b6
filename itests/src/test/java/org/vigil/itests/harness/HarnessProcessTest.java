package org.vigil.itests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's process control and file writing, against a fake distribution whose
 * {@code bin/karaf} execs a plain JVM ({@link FakeKarafMain}): no Karaf, no network.
 */
class HarnessProcessTest {

    @TempDir
    static Path tmp;
    static Path tarball;

    @BeforeAll
    static void makeFakeDistribution() throws Exception {
        Path top = tmp.resolve("src/fake-1.0");
        Files.createDirectories(top.resolve("bin"));
        Files.createDirectories(top.resolve("etc"));
        Files.createDirectories(top.resolve("system/org/x"));
        Files.createDirectories(top.resolve("data/log"));
        Files.writeString(top.resolve("system/org/x/x.jar"), "a read-only jar");
        Files.writeString(top.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 8101\nsshHost = 0.0.0.0\nsshRealm = karaf\n");
        Files.writeString(top.resolve("etc/users.properties"), "# no users\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        // Like Karaf's script: a short-lived "java -version" first, then exec of the real JVM.
        script(top.resolve("bin/karaf"), "#!/bin/sh\ncd \"$(dirname \"$0\")/..\"\n\"" + java + "\" -version 2>/dev/null\necho $$ > karaf.pid\n"
            + "exec \"" + java + "\" -Dkaraf.home=\"$PWD\" -Xmx32m -XX:TieredStopAtLevel=1 -cp \"" + System.getProperty("java.class.path") + "\" "
            + FakeKarafMain.class.getName() + " \"$@\"\n");
        script(top.resolve("bin/stop"), "#!/bin/sh\ncd \"$(dirname \"$0\")/..\"\nkill $(cat karaf.pid)\n");
        tarball = tmp.resolve("fake.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", tmp.resolve("src").toString(), "fake-1.0")
            .inheritIO().start();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0);
        System.setProperty("vigil.itests.workdir", tmp.resolve("work").toString());
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void writesEachNodesFiles() throws Exception {
        try (ClusterHarness h = ClusterHarness.builder("files").nodes(2).quorumDisk(2).tarball(tarball).build()) {
            Node n1 = h.node("node1");
            Node n2 = h.node("node2");
            assertNotEquals(n1.clusterPort(), n2.clusterPort());
            assertNotEquals(n1.sshPort(), n2.sshPort());
            // The same key on both, 64 bytes; another one when asked.
            byte[] k1 = Files.readAllBytes(n1.etc().resolve("authkey"));
            assertEquals(64, k1.length);
            assertTrue(java.util.Arrays.equals(k1, Files.readAllBytes(n2.etc().resolve("authkey"))));
            n2.writeKey(ClusterHarness.randomKey());
            assertFalse(java.util.Arrays.equals(k1, Files.readAllBytes(n2.etc().resolve("authkey"))));
            // cluster.conf lists both with their ports, and the quorum disk.
            String conf = n1.clusterConf();
            assertTrue(conf.contains("port=\"" + n2.clusterPort() + "\""), conf);
            assertTrue(conf.contains("<quorumd device=\"" + h.dir().resolve("qdisk") + "\" votes=\"2\""), conf);
            assertTrue(Files.exists(h.dir().resolve("qdisk")));
            String membership = Files.readString(n1.home().resolve(Node.MEMBERSHIP_CFG));
            assertTrue(membership.contains("node.name = node1"), membership);
            assertTrue(membership.contains("port = " + n1.clusterPort()), membership);
            String shellCfg = Files.readString(n1.etc().resolve("org.apache.karaf.shell.cfg"));
            assertTrue(shellCfg.contains("sshPort = " + n1.sshPort()) && shellCfg.contains("sshHost = 127.0.0.1")
                && !shellCfg.contains("8101"), shellCfg);
            assertTrue(Files.readString(n1.etc().resolve("users.properties")).contains("vigil = "));
            assertTrue(Files.readString(n1.etc().resolve("vigil-client.properties")).startsWith("user=vigil\npassword="));
            // system/ is shared by hard link, etc/ is each node's own.
            Object inode1 = Files.getAttribute(n1.home().resolve("system/org/x/x.jar"), "unix:ino");
            Object inode2 = Files.getAttribute(n2.home().resolve("system/org/x/x.jar"), "unix:ino");
            assertEquals(inode1, inode2);
            // An added node is not in the members' config.
            Node extra = h.addNode("node9");
            assertFalse(h.config().toXml().contains("node9"));
            assertTrue(h.config().withMember(extra).toXml().contains("name=\"node9\""));
            assertEquals(List.of(n1, n2), h.nodes());
        }
    }

    @Test
    void controlsProcessesAndCleansUp() throws Exception {
        long child;
        Node node;
        try (ClusterHarness h = ClusterHarness.builder("procs").nodes(2).tarball(tarball).build()) {
            node = h.node("node1");
            node.start();
            long pid = node.pid();
            assertEquals(pid, Long.parseLong(Files.readString(node.home().resolve("karaf.pid")).trim()),
                "with KARAF_EXEC=exec the launched process is the JVM");
            child = awaitChild(node);

            node.freeze();
            assertEquals('T', Processes.state(pid).orElseThrow());
            assertTrue(node.isFrozen());
            node.thaw();
            assertNotEquals('T', Processes.state(pid).orElseThrow());

            node.kill();
            assertFalse(node.isRunning());
            assertFalse(Processes.alive(child), "the node's child process is killed with it");

            node.start();
            long pid2 = node.pid();
            assertNotEquals(pid, pid2);
            node.stop(Duration.ofSeconds(20));
            assertFalse(node.isRunning());

            node.start();
            node.terminate(Duration.ofSeconds(20));
            assertFalse(node.isRunning());

            // Left running (and frozen) for close() to clean up.
            node.start();
            h.node("node2").start();
            child = awaitChild(node);
            node.freeze();
        }
        assertFalse(node.isRunning(), "close() kills every node, frozen ones too");
        assertFalse(Processes.alive(child));
    }

    private static long awaitChild(Node node) {
        return Await.until("the fake node's child", Duration.ofSeconds(20), () -> node.jvm().children().findFirst(),
            java.util.Optional::isPresent).orElseThrow().pid();
    }

    @Test
    void reapsOrphansOfADeadRun() throws Exception {
        Path work = tmp.resolve("reap");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphanHome = work.resolve("run-" + gone.pid()).resolve("c-1/node1");
        Files.createDirectories(orphanHome);
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 600; echo", orphanHome.toString()).start();
        Process mine = new ProcessBuilder("sh", "-c", "sleep 600; echo", work.resolve("run-" + ProcessHandle.current().pid()).toString() + "/x").start();
        try {
            assertEquals(1, Processes.reapOrphans(work));
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS));
            assertTrue(mine.isAlive(), "processes of the running JVM stay");
        } finally {
            Processes.killTree(orphan.toHandle(), Duration.ofSeconds(5));
            Processes.killTree(mine.toHandle(), Duration.ofSeconds(5));
        }
    }
}
