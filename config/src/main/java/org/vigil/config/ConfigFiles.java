package org.vigil.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A node's {@code cluster.conf} on disk, with its numbered backups and its history. A new
 * version is written atomically: to a temporary file in the same directory, forced to disk,
 * then renamed over the file (and the directory forced); the replaced file is kept as
 * {@code cluster.conf.bak.N} (N = its version; a hard link, so a full disk cannot lose it),
 * and only the newest {@link #keep} backups are kept. When anything fails (a full disk, a
 * read-only file system) the file is left as it was and no temporary file stays behind.
 * The history ({@code cluster.conf.history}: version, time, node, change per line) is
 * written the same way.
 */
final class ConfigFiles {

    /** Writes bytes to a new file and forces them to disk: the seam tests fail on purpose. */
    @FunctionalInterface
    interface ContentWriter {
        void write(Path file, byte[] content) throws IOException;
    }

    /** One line of the history. */
    record Entry(long version, Instant time, String node, String change) {
        String line() {
            return version + "\t" + time + "\t" + clean(node) + "\t" + clean(change);
        }

        private static String clean(String s) {
            return s == null || s.isEmpty() ? "-" : s.replaceAll("[\\t\\r\\n]", " ");
        }

        static Optional<Entry> parse(String line) {
            String[] f = line.split("\t", 4);
            if (f.length < 4) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Entry(Long.parseLong(f[0]), Instant.parse(f[1]), f[2],
                    f[3].equals("-") ? "" : f[3]));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    static final int DEFAULT_KEEP = 20;
    static final int HISTORY_LINES = 200;
    static final ContentWriter FORCED = ConfigFiles::writeForced;
    private static final AtomicLong TEMP = new AtomicLong();

    private final Path file;
    private final int keep;
    private final ContentWriter writer;

    ConfigFiles(Path file, int keep, ContentWriter writer) {
        this.file = file.toAbsolutePath().normalize();
        this.keep = Math.max(1, keep);
        this.writer = writer;
    }

    ConfigFiles(Path file) {
        this(file, DEFAULT_KEEP, FORCED);
    }

    Path file() {
        return file;
    }

    Path backup(long version) {
        return file.resolveSibling(file.getFileName() + ".bak." + version);
    }

    Path historyFile() {
        return file.resolveSibling(file.getFileName() + ".history");
    }

    boolean exists() {
        return Files.exists(file);
    }

    /**
     * Installs a new version.
     *
     * @param content         the new document
     * @param replacedVersion the version of the file being replaced (its backup's number), or
     *                        a negative number when there is no file to keep
     * @param entry           the history line of the new version
     * @return a warning when the file was replaced but the history could not be written
     * @throws IOException when the file could not be replaced: it is unchanged
     */
    Optional<String> install(byte[] content, long replacedVersion, Entry entry) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
            + TEMP.incrementAndGet());
        try {
            writer.write(tmp, content);
            if (replacedVersion >= 0 && Files.exists(file)) {
                keepBackup(replacedVersion);
            }
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
        rotate();
        try {
            appendHistory(entry);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not record version " + entry.version() + " in " + historyFile() + ": " + reason(e));
        }
    }

    /** Writes a file that does not exist yet (the skeleton of {@code create}). */
    Optional<String> create(byte[] content, Entry entry) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists");
        }
        return install(content, -1, entry);
    }

    private void keepBackup(long version) throws IOException {
        Path bak = backup(version);
        Files.deleteIfExists(bak);
        try {
            Files.createLink(bak, file);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Path tmp = file.resolveSibling("." + bak.getFileName() + ".tmp-" + TEMP.incrementAndGet());
            try {
                writer.write(tmp, Files.readAllBytes(file));
                move(tmp, bak);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** @return the backups kept, by version (oldest first) */
    TreeMap<Long, Path> backups() {
        TreeMap<Long, Path> found = new TreeMap<>();
        Pattern name = Pattern.compile(Pattern.quote(file.getFileName() + ".bak.") + "(\\d{1,18})");
        if (!Files.isDirectory(file.getParent())) {
            return found;
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            files.forEach(p -> {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.put(Long.parseLong(m.group(1)), p);
                }
            });
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private void rotate() {
        TreeMap<Long, Path> backups = backups();
        while (backups.size() > keep) {
            Path oldest = backups.pollFirstEntry().getValue();
            try {
                Files.deleteIfExists(oldest);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** @return the history as recorded, oldest first; unreadable lines are skipped */
    List<Entry> history() {
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(historyFile(), StandardCharsets.UTF_8)) {
                Entry.parse(line).ifPresent(entries::add);
            }
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Adds entries of versions the history does not have yet (from another node). */
    void mergeHistory(List<Entry> others) throws IOException {
        List<Entry> mine = new ArrayList<>(history());
        TreeMap<Long, Entry> byVersion = new TreeMap<>();
        others.forEach(e -> byVersion.put(e.version(), e));
        mine.forEach(e -> byVersion.put(e.version(), e));
        if (byVersion.size() != mine.size()) {
            writeHistory(new ArrayList<>(byVersion.values()));
        }
    }

    private void appendHistory(Entry entry) throws IOException {
        List<Entry> entries = new ArrayList<>(history());
        entries.removeIf(e -> e.version() == entry.version());
        entries.add(entry);
        writeHistory(entries);
    }

    private void writeHistory(List<Entry> entries) throws IOException {
        List<Entry> tail = entries.subList(Math.max(0, entries.size() - HISTORY_LINES), entries.size());
        StringBuilder text = new StringBuilder();
        tail.forEach(e -> text.append(e.line()).append('\n'));
        Path history = historyFile();
        Path tmp = history.resolveSibling("." + history.getFileName() + ".tmp-" + TEMP.incrementAndGet());
        try {
            writer.write(tmp, text.toString().getBytes(StandardCharsets.UTF_8));
            move(tmp, history);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeForced(Path target, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not every file system lets a directory be opened; the rename is done either way
        }
    }

    /** @return an exception's reason as the system gave it, for people (e.g. "No space left on device") */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
