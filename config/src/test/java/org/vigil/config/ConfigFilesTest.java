package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file writer: atomic replacement, numbered backups, rotation, history, and a full disk. */
class ConfigFilesTest {

    static byte[] doc(long version) {
        return ("<?xml version=\"1.0\"?>\n<cluster name=\"c\" config_version=\"" + version + "\">\n"
            + "  <clusternodes>\n    <clusternode name=\"a\" nodeid=\"1\"/>\n  </clusternodes>\n</cluster>\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    static ConfigFiles.Entry entry(long version) {
        return new ConfigFiles.Entry(version, Instant.parse("2026-11-28T18:00:00Z").plusSeconds(version), "node1",
            "change " + version);
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eachVersionReplacesTheFileAndKeepsTheOneBeforeAsABackup(@TempDir Path dir) throws Exception {
        ConfigFiles files = new ConfigFiles(dir.resolve("cluster.conf"));
        Files.write(files.file(), doc(1));
        files.install(doc(2), 1, entry(2));
        files.install(doc(3), 2, entry(3));

        assertArrayEquals(doc(3), Files.readAllBytes(files.file()));
        assertArrayEquals(doc(1), Files.readAllBytes(dir.resolve("cluster.conf.bak.1")));
        assertArrayEquals(doc(2), Files.readAllBytes(dir.resolve("cluster.conf.bak.2")));
        assertEquals(List.of("cluster.conf", "cluster.conf.bak.1", "cluster.conf.bak.2", "cluster.conf.history"), names(dir));
        assertEquals(List.of(entry(2), entry(3)), files.history());
    }

    @Test
    void onlyTheNewestBackupsAreKept(@TempDir Path dir) throws Exception {
        ConfigFiles files = new ConfigFiles(dir.resolve("cluster.conf"), 3, ConfigFiles.FORCED);
        Files.write(files.file(), doc(1));
        for (long v = 2; v <= 10; v++) {
            files.install(doc(v), v - 1, entry(v));
        }
        assertEquals(List.of(7L, 8L, 9L), List.copyOf(files.backups().keySet()));
        assertArrayEquals(doc(9), Files.readAllBytes(files.backup(9)));
    }

    @Test
    void aFailedWriteLeavesTheFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        ConfigFiles files = new ConfigFiles(dir.resolve("cluster.conf"), 20, (file, content) -> {
            Files.write(file, new byte[] {'<'});
            throw new FileSystemException(file.toString(), null, "No space left on device");
        });
        Files.write(files.file(), doc(4));
        IOException e = assertThrows(IOException.class, () -> files.install(doc(5), 4, entry(5)));
        assertEquals("No space left on device", ConfigFiles.reason(e));
        assertArrayEquals(doc(4), Files.readAllBytes(files.file()));
        assertEquals(List.of("cluster.conf"), names(dir));
    }

    @Test
    void createRefusesAnExistingFile(@TempDir Path dir) throws Exception {
        ConfigFiles files = new ConfigFiles(dir.resolve("etc/cluster.conf"));
        files.create(doc(1), entry(1));
        assertArrayEquals(doc(1), Files.readAllBytes(files.file()));
        assertThrows(FileAlreadyExistsException.class, () -> files.create(doc(1), entry(1)));
    }

    @Test
    void historyOfAnotherNodeIsMergedWithoutDuplicates(@TempDir Path dir) throws Exception {
        ConfigFiles files = new ConfigFiles(dir.resolve("cluster.conf"));
        Files.write(files.file(), doc(1));
        files.install(doc(4), 1, entry(4));
        files.mergeHistory(List.of(entry(2), entry(3), new ConfigFiles.Entry(4, Instant.EPOCH, "x", "other")));
        assertEquals(List.of(entry(2), entry(3), entry(4)), files.history());
    }

    /** A real full disk: a 64 KiB tmpfs filled up (needs root and mount; skipped otherwise). */
    @Test
    void aFullDiskKeepsTheOldFile(@TempDir Path dir) throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()) == 0,
            "cannot mount a tmpfs here (not root?)");
        try {
            ConfigFiles files = new ConfigFiles(mnt.resolve("cluster.conf"));
            Files.write(files.file(), doc(6));
            files.install(doc(7), 6, entry(7));
            try {
                Files.write(mnt.resolve("filler"), new byte[128 * 1024]);
            } catch (IOException full) {
                // the disk is full now, as wanted
            }
            IOException e = assertThrows(IOException.class, () -> files.install(doc(8), 7, entry(8)));
            assertTrue(ConfigFiles.reason(e).contains("No space left on device"), ConfigFiles.reason(e));
            assertArrayEquals(doc(7), Files.readAllBytes(files.file()));
            assertEquals(List.of("cluster.conf", "cluster.conf.bak.6", "cluster.conf.history", "filler"), names(mnt));
        } finally {
            run("umount", mnt.toString());
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
