package org.vigil.itests.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Process plumbing on Linux: signals, whole-tree kills, {@code /proc} readings, and the
 * guarantee that no node process outlives the test JVM.
 *
 * <p>Every process the harness starts is {@link #track tracked}; a JVM shutdown hook kills
 * the trees of all still tracked (a test that fails, a fork that is stopped). A fork
 * killed with SIGKILL runs no hook: {@link #reapOrphans} then kills, at the next run, the
 * node JVMs whose owner JVM is gone (their {@code karaf.home} lies under a
 * {@code run-<owner pid>} folder of the work directory).
 */
public final class Processes {

    private static final Set<ProcessHandle> TRACKED = ConcurrentHashMap.newKeySet();
    private static final Pattern RUN_DIR = Pattern.compile("(\\d+)/");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::killAllTracked, "vigil-itests-cleanup"));
    }

    private Processes() {
    }

    /** Tracks a process (and so its descendants) for the shutdown hook. */
    public static void track(ProcessHandle process) {
        TRACKED.add(process);
    }

    /** Stops tracking a process that is gone. */
    public static void untrack(ProcessHandle process) {
        TRACKED.remove(process);
    }

    /** Kills every tracked process tree; run by the shutdown hook. */
    static void killAllTracked() {
        for (ProcessHandle p : List.copyOf(TRACKED)) {
            killTree(p, Duration.ofSeconds(5));
        }
        TRACKED.clear();
    }

    /**
     * Kills a process and all its descendants with SIGKILL (which also ends stopped
     * processes) and waits for them to be gone.
     *
     * @return true if all are gone within {@code timeout}
     */
    public static boolean killTree(ProcessHandle root, Duration timeout) {
        boolean gone = killAll(tree(root), timeout);
        untrack(root);
        return gone;
    }

    /**
     * @return the process and all its descendants, root first. Collect them before killing
     *         anything: once a parent is dead its children are re-parented and lost.
     */
    public static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    /** Sends SIGKILL to each process in order and waits until all are gone. */
    public static boolean killAll(List<ProcessHandle> processes, Duration timeout) {
        for (ProcessHandle p : processes) {
            p.destroyForcibly();
        }
        boolean gone = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            gone &= awaitGone(p.pid(), Math.max(0, deadline - System.nanoTime()));
        }
        return gone;
    }

    /**
     * Sends a signal by name ({@code KILL}, {@code TERM}, {@code STOP}, {@code CONT}) with
     * {@code kill(1)}.
     *
     * @throws IllegalStateException if kill(1) fails (no such process)
     */
    public static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + pid + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill(1): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * @return whether the process exists and is not a zombie ({@code kill -0} still
     *         succeeds on a killed child that is not reaped yet: read {@code /proc/PID/stat})
     */
    public static boolean alive(long pid) {
        return state(pid).map(s -> s != 'Z' && s != 'X').orElse(false);
    }

    /** @return the one-letter state of {@code /proc/PID/stat} (R, S, T for stopped, Z...) */
    public static Optional<Character> state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() ? Optional.empty() : Optional.of(stat.charAt(end + 2));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return the process's command line, arguments separated by spaces */
    public static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return the resident set size in KiB ({@code VmRSS} of {@code /proc/PID/status}) */
    public static OptionalLong residentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return OptionalLong.empty();
    }

    /**
     * Kills node JVMs left over by an earlier run of the harness whose JVM died without
     * cleaning up: processes whose command line names {@code workRoot/run-<pid>/} with an
     * owner pid that is no longer a live process.
     *
     * @return how many processes were killed
     */
    public static int reapOrphans(Path workRoot) {
        String marker = workRoot.toAbsolutePath().normalize() + "/run-";
        int killed = 0;
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                Optional<String> cmd = commandLine(pid);
                if (cmd.isEmpty() || !cmd.get().contains(marker)) {
                    continue;
                }
                Matcher m = RUN_DIR.matcher(cmd.get().substring(cmd.get().indexOf(marker) + marker.length()));
                if (m.lookingAt()) {
                    long owner = Long.parseLong(m.group(1));
                    if (owner != ProcessHandle.current().pid() && !alive(owner)) {
                        ProcessHandle.of(pid).ifPresent(h -> killTree(h, Duration.ofSeconds(5)));
                        killed++;
                    }
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to reap
        }
        return killed;
    }

    private static boolean awaitGone(long pid, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive(pid);
            }
        }
        return true;
    }
}
