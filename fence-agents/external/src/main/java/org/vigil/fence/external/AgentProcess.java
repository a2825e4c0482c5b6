package org.vigil.fence.external;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one agent process: options written to its stdin (never on the command line, so no secret
 * shows in {@code ps}), stdout and stderr read in full (up to {@link #MAX_OUTPUT} each), and the
 * process killed when the time is up. The agent starts in a session and process group of its own
 * ({@code setsid}, as Pacemaker's executor does), so a timeout kills it with everything it forked:
 * the process group, plus the descendants it still has (in case one left the group).
 */
final class AgentProcess {
    /** The most bytes kept of each of stdout and stderr; the rest is read and dropped. */
    static final int MAX_OUTPUT = 1 << 20;

    /** How long the output of an exited agent may still be held open by processes it left behind. */
    private static final long LEFTOVER_GRACE_MS = 300;

    private static final Optional<Path> SETSID = findSetsid();

    private AgentProcess() {
    }

    private static Optional<Path> findSetsid() {
        for (String s : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            Path p = Path.of(s);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * @param executable the agent
     * @param args       its arguments (nothing secret)
     * @param stdin      what to write to its stdin (then closed)
     * @param limit      how long it may run; it is killed (with its process group) after that
     * @return what it did
     * @throws AgentException when it cannot be started
     */
    static AgentRun run(Path executable, List<String> args, String stdin, Duration limit) throws AgentException {
        List<String> command = new ArrayList<>();
        SETSID.ifPresent(s -> command.add(s.toString()));
        command.add(executable.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .directory(new File("/"));
        // stable English messages; silence Python's deprecation chatter so stderr holds the agent's own lines
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("PYTHONWARNINGS", "ignore::DeprecationWarning");
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AgentException("cannot start fence agent " + executable + ": " + e.getMessage());
        }
        Capture out = new Capture(p.getInputStream(), executable.getFileName() + "-stdout");
        Capture err = new Capture(p.getErrorStream(), executable.getFileName() + "-stderr");
        boolean timedOut = false;
        int killed = 0;
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the agent closed its stdin (or exited) without reading: its exit code says the rest
            }
            if (!p.waitFor(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                killed = kill(p);
                p.waitFor(5, TimeUnit.SECONDS);
            }
            if (!out.awaitEnd(LEFTOVER_GRACE_MS) || !err.awaitEnd(LEFTOVER_GRACE_MS)) {
                // processes the agent left behind still hold its stdout/stderr: they go too
                killed += kill(p);
                out.awaitEnd(1000);
                err.awaitEnd(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killed += kill(p);
            throw new AgentException("interrupted while fence agent " + executable.getFileName() + " ran");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        int code = timedOut || p.isAlive() ? -1 : p.exitValue();
        return new AgentRun(code, out.text(), err.text(), timedOut, killed, took);
    }

    /**
     * SIGKILLs the agent, the descendants it has, and every process left in its process group
     * (which is its PID when it was started with setsid), until none is left.
     *
     * @return how many processes were killed
     */
    static int kill(Process p) {
        Set<Long> killed = new LinkedHashSet<>();
        long pgid = p.pid();
        boolean grouped = SETSID.isPresent();
        for (int round = 0; round < 10; round++) {
            // the descendants first (a dead parent's children are re-parented and no longer found)
            List<ProcessHandle> victims = new ArrayList<>();
            p.descendants().forEach(victims::add);
            if (p.isAlive()) {
                victims.add(0, p.toHandle());
            }
            if (grouped) {
                for (long pid : groupMembers(pgid)) {
                    ProcessHandle.of(pid).ifPresent(victims::add);
                }
            }
            victims.removeIf(h -> !h.isAlive() || h.pid() == ProcessHandle.current().pid() || isZombie(h.pid()));
            if (victims.isEmpty()) {
                break;
            }
            for (ProcessHandle h : victims) {
                h.destroyForcibly();
                killed.add(h.pid());
            }
            sleepQuietly(10);
        }
        return killed.size();
    }

    /** @return the PIDs of the live (not zombie) processes whose process group is pgid (from /proc) */
    static List<Long> groupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : procs) {
                String[] f = stat(d);
                // after "comm)": [0] state, [1] ppid, [2] pgrp, [3] session
                if (f != null && f.length > 3 && !f[0].equals("Z") && !f[0].equals("X")
                        && f[2].equals(Long.toString(pgid))) {
                    members.add(Long.parseLong(d.getFileName().toString()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: only the descendants are killed
        }
        return members;
    }

    static boolean isZombie(long pid) {
        String[] f = stat(Path.of("/proc", Long.toString(pid)));
        return f == null || f[0].equals("Z") || f[0].equals("X");
    }

    private static String[] stat(Path procDir) {
        try {
            String s = Files.readString(procDir.resolve("stat"));
            int close = s.lastIndexOf(')');
            return close < 0 ? null : s.substring(close + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one output stream to its end on a daemon thread, keeping the first MAX_OUTPUT bytes. */
    private static final class Capture {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        Capture(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        synchronized (kept) {
                            int room = MAX_OUTPUT - kept.size();
                            if (room > 0) {
                                kept.write(buf, 0, Math.min(room, n));
                            }
                        }
                    }
                } catch (IOException e) {
                    // the stream was closed: what was read is kept
                }
            }, "fence-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        /** @return whether the stream ended within the time */
        boolean awaitEnd(long ms) throws InterruptedException {
            thread.join(ms);
            return !thread.isAlive();
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
