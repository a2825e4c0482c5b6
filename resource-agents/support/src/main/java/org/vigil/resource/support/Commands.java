package org.vigil.resource.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs system commands with a deadline: a command that overruns is killed with its children.
 * Commands run behind an optional prefix; the agent uses none (the node's own network
 * namespace), tests use {@code ip netns exec NS} to run the same code inside a namespace.
 */
public final class Commands {

    /** Where executables are looked for, after {@code PATH} (a service's PATH often lacks sbin). */
    private static final List<String> SYSTEM_DIRS =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/libexec/heartbeat");

    /**
     * How a command ended.
     *
     * @param exitCode its exit code (-1 when killed or not run)
     * @param stdout   its standard output
     * @param stderr   its standard error, or why it could not run
     * @param timedOut whether it was killed at the deadline
     */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        /** @return true when it ran to the end with exit code 0 */
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** @return what it said, for messages: stderr, else stdout, trimmed to one line */
        public String said() {
            String s = stderr.isBlank() ? stdout : stderr;
            return s.strip().replaceAll("\\s*\\R\\s*", "; ");
        }
    }

    private final List<String> prefix;

    /** Runs commands here. */
    public Commands() {
        this(List.of());
    }

    /** @param prefix put before every command, e.g. {@code ip netns exec NS} */
    public Commands(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /**
     * Finds an executable.
     *
     * @param name its name
     * @return its path, if installed
     */
    public static Optional<Path> find(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SYSTEM_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a command to its end or the deadline.
     *
     * @param deadline when to kill it
     * @param command  the program (looked up with {@link #find}) and its arguments
     * @return how it ended
     */
    public Result run(Deadline deadline, String... command) {
        return run(deadline, false, command);
    }

    /**
     * Runs a command with its standard error merged into its standard output, in the order
     * written (for programs such as fuser that write one line in pieces to both).
     *
     * @param deadline when to kill it
     * @param command  the program and its arguments
     * @return how it ended; everything it wrote is in {@link Result#stdout()}
     */
    public Result runMerged(Deadline deadline, String... command) {
        return run(deadline, true, command);
    }

    private Result run(Deadline deadline, boolean merged, String... command) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(find(command[0]).map(Path::toString).orElse(command[0]));
        cmd.addAll(List.of(command).subList(1, command.length));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(merged).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command[0] + ": " + e.getMessage(), false);
        }
        Reader out = new Reader(p.getInputStream());
        Reader err = new Reader(p.getErrorStream());
        boolean ended;
        boolean interrupted = false;
        try {
            ended = p.waitFor(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            ended = false;
        }
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        String o = out.text();
        String e = err.text();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!ended) {
            return new Result(-1, o, (e.isBlank() ? "" : e + "\n") + command[0] + " killed after " + deadline.totalText()
                    + (interrupted ? " (interrupted)" : ""), true);
        }
        return new Result(p.exitValue(), o, e, false);
    }

    /**
     * Starts a command that runs on by itself (its output is discarded); it is killed when
     * it outlives {@code limit}.
     *
     * @param limit   the longest it may run
     * @param command the program (looked up with {@link #find}) and its arguments
     * @return the process, or empty when it could not start
     */
    public Optional<Process> background(java.time.Duration limit, String... command) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(find(command[0]).map(Path::toString).orElse(command[0]));
        cmd.addAll(List.of(command).subList(1, command.length));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return Optional.empty();
        }
        p.onExit().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).exceptionally(timedOut -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return p;
        });
        return Optional.of(p);
    }

    /** Reads a stream to its end on a thread of its own. */
    private static final class Reader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Reader(InputStream in) {
            super("vigil-resource-command-output");
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] b = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(b)) >= 0) {
                    synchronized (buf) {
                        buf.write(b, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: keep what was read
            }
        }

        String text() {
            try {
                join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
