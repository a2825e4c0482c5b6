package org.vigil.fence.external;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary directory of test fence agents written as /bin/sh scripts, configured as the
 * external agent's only allowed directory. Every script reads its options from stdin like a
 * ClusterLabs agent ({@code action=...}, {@code plug=...}, ...). {@link #close()} kills every
 * process whose PID a script wrote to a {@code *.pid} file and deletes the directory.
 */
final class ScriptAgents implements AutoCloseable {
    /** Reads stdin into $ACTION, $PLUG, $STATE; keeps the whole input in $INPUT. */
    static final String READ_OPTIONS = "INPUT=\"\"\n"
            + "while IFS= read -r line; do\n"
            + "  INPUT=\"$INPUT$line\n\"\n"
            + "  case \"$line\" in\n"
            + "    action=*) ACTION=${line#action=} ;;\n"
            + "    plug=*) PLUG=${line#plug=} ;;\n"
            + "  esac\n"
            + "done\n";

    private final Path dir;
    private final List<Path> pidFiles = new ArrayList<>();

    ScriptAgents() {
        try {
            dir = Files.createTempDirectory("vigil-fence-external-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * @param name   the file name, e.g. {@code fence_hang}
     * @param body   the script after the {@code #!/bin/sh} line; {@code @DIR@} is replaced by the directory
     * @return the script
     */
    Path write(String name, String body) {
        return write(name, body, true);
    }

    Path write(String name, String body, boolean executable) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, "#!/bin/sh\n" + body.replace("@DIR@", dir.toString()));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remembers a PID file to clean up after. */
    Path pidFile(String name) {
        Path p = dir.resolve(name);
        pidFiles.add(p);
        return p;
    }

    String read(String name) {
        try {
            Path p = dir.resolve(name);
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid(String name) {
        String s = read(name).trim();
        return s.isEmpty() ? -1 : Long.parseLong(s);
    }

    /** @return whether the process runs (exists and is not a zombie) */
    static boolean running(long pid) {
        return pid > 0 && Files.exists(Path.of("/proc/" + pid)) && !AgentProcess.isZombie(pid);
    }

    @Override
    public void close() {
        for (Path f : pidFiles) {
            try {
                if (Files.exists(f)) {
                    long pid = Long.parseLong(Files.readString(f).trim());
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            } catch (IOException | NumberFormatException e) {
                // nothing to kill
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
