package org.vigil.itests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node distribution tarball, unpacked once and copied cheaply for each node.
 *
 * <p>The tarball is found from the system property {@code vigil.distribution} (set by the
 * build), else {@code distribution/target/vigil-*.tar.gz} next to the working directory.
 * It is unpacked once into {@code <workRoot>/template-<size>-<mtime>/} (kept between runs
 * until the tarball changes). A node copy hard-links the big read-only folders
 * ({@code system/}, {@code lib/}) and really copies the rest ({@code etc/}, {@code bin/},
 * {@code data/}...), which a node or the harness writes.
 */
public final class Distribution {

    /** The system property naming the tarball. */
    public static final String PROPERTY = "vigil.distribution";
    private static final Set<String> SHARED_FOLDERS = Set.of("system", "lib");

    private Distribution() {
    }

    /**
     * @return the distribution tarball
     * @throws IllegalStateException saying how to build it when it cannot be found
     */
    public static Path tarball() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            Path p = Path.of(configured);
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new IllegalStateException(PROPERTY + "=" + configured + " is not a file; build it with: cd /work/main && mvn -q -B install -DskipTests");
        }
        for (Path dir : List.of(Path.of("../distribution/target"), Path.of("distribution/target"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    var found = files.filter(f -> f.getFileName().toString().matches("vigil-.*\\.tar\\.gz")).findFirst();
                    if (found.isPresent()) {
                        return found.get().toAbsolutePath().normalize();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("No distribution tarball: set -D" + PROPERTY + "=PATH or build it (mvn -q -B install -DskipTests)");
    }

    /**
     * Unpacks the tarball under {@code workRoot} unless an unpacked copy of the same
     * tarball is there already.
     *
     * @return the unpacked distribution's top folder (holding {@code bin/}, {@code etc/}...)
     */
    public static synchronized Path template(Path tarball, Path workRoot) {
        try {
            String key = Files.size(tarball) + "-" + Files.getLastModifiedTime(tarball).toMillis();
            Path dir = workRoot.resolve("template-" + key);
            Path done = dir.resolve(".complete");
            if (!Files.exists(done)) {
                Files.createDirectories(workRoot);
                try (Stream<Path> old = Files.list(workRoot)) {
                    for (Path p : old.filter(p -> p.getFileName().toString().startsWith("template-")).toList()) {
                        deleteTree(p);
                    }
                }
                Files.createDirectories(dir);
                run(List.of("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", dir.toString()));
                Files.writeString(done, tarball.toAbsolutePath().toString());
            }
            try (Stream<Path> top = Files.list(dir)) {
                return top.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException(tarball + " holds no top folder"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + tarball, e);
        }
    }

    /**
     * Makes a node's own copy of an unpacked distribution: hard links for
     * {@code system/} and {@code lib/}, real copies for everything else.
     */
    public static void copy(Path template, Path target) {
        try {
            Files.walkFileTree(template, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(template.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path rel = template.relativize(file);
                    Path to = target.resolve(rel.toString());
                    if (rel.getNameCount() > 1 && SHARED_FOLDERS.contains(rel.getName(0).toString())) {
                        try {
                            Files.createLink(to, file);
                            return FileVisitResult.CONTINUE;
                        } catch (FileSystemException | UnsupportedOperationException e) {
                            // another file system: copy instead
                        }
                    }
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + template + " to " + target, e);
        }
    }

    /** Deletes a folder and everything in it (no error if it does not exist). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
