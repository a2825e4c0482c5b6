package org.vigil.resource.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a program in a session and process group of its own ({@code setsid}), with a timeout:
 * when it overruns or the calling thread is interrupted, every process of its group is killed
 * (SIGTERM, then SIGKILL after a grace period), children included. Output (stdout and stderr
 * together) goes to a temporary file, so a daemon the program leaves behind holding its output
 * cannot make the caller wait; the last lines are kept for the message.
 */
public final class ProcessRunner {

    /** How long a process group gets between SIGTERM and SIGKILL. */
    public static final Duration GRACE = Duration.ofMillis(500);

    /**
     * How a run ended.
     *
     * @param exitCode    the exit code (-1 when killed)
     * @param timedOut    whether it overran its timeout
     * @param interrupted whether the caller was interrupted and it was killed for that
     * @param killed      how many processes of its group were killed
     * @param output      its last lines of output
     */
    public record Outcome(int exitCode, boolean timedOut, boolean interrupted, int killed, List<String> output) {

        /** @return the last lines joined by " | ", at most 500 characters */
        public String tail() {
            String s = String.join(" | ", output);
            return s.length() > 500 ? "..." + s.substring(s.length() - 500) : s;
        }
    }

    private ProcessRunner() {
    }

    /**
     * @param command     the program and its arguments
     * @param environment the whole environment it gets
     * @param timeout     how long it may take
     * @param lines       how many last lines of output to keep
     * @return how it ended
     * @throws IOException when it cannot be started
     */
    public static Outcome run(List<String> command, Map<String, String> environment, Duration timeout, int lines)
        throws IOException {
        return run(List.of(), command, environment, timeout, lines);
    }

    /**
     * @param prefix      what runs the session leader (e.g. {@code nsenter ...}); it must exec in place
     * @param command     the program and its arguments
     * @param environment the whole environment it gets
     * @param timeout     how long it may take
     * @param lines       how many last lines of output to keep
     * @return how it ended
     * @throws IOException when it cannot be started
     */
    public static Outcome run(List<String> prefix, List<String> command, Map<String, String> environment, Duration timeout,
                       int lines) throws IOException {
        return run(prefix, command, environment, timeout, lines, true);
    }

    private static Outcome run(List<String> prefix, List<String> command, Map<String, String> environment,
                               Duration timeout, int lines, boolean withErrors) throws IOException {
        Path out = Files.createTempFile("vigil-resource-", ".out");
        try {
            List<String> full = new ArrayList<>(prefix);
            full.add("setsid");
            full.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(withErrors).redirectOutput(out.toFile())
                .redirectError(withErrors ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD)
                .redirectInput(new File("/dev/null")).directory(new File("/"));
            pb.environment().clear();
            pb.environment().putAll(environment);
            Process p = pb.start();
            long group = p.pid(); // setsid execs in place (a child is never a group leader): pid = process group
            boolean timedOut = false;
            boolean interrupted = false;
            int killed = 0;
            try {
                if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (timedOut || interrupted) {
                killed = killGroup(group, p);
            }
            // when it finished in time, what it left in its group (a daemon it started) is the service: left alone
            int code = p.isAlive() ? -1 : (timedOut || interrupted ? -1 : p.exitValue());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new Outcome(code, timedOut, interrupted, killed, withErrors ? lastLines(out, lines)
                : Files.readAllLines(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Runs a program and keeps all of its output (for meta-data).
     *
     * @param prefix      what runs the session leader
     * @param command     the program and its arguments
     * @param environment the whole environment it gets
     * @param timeout     how long it may take
     * @return how it ended, with every line of output
     * @throws IOException when it cannot be started
     */
    public static Outcome runCapturing(List<String> prefix, List<String> command, Map<String, String> environment,
                                Duration timeout) throws IOException {
        return run(prefix, command, environment, timeout, Integer.MAX_VALUE, false);
    }

    /** Kills every process of the group: SIGTERM, a grace period, SIGKILL; returns how many there were. */
    public static int killGroup(long group, Process leader) {
        List<ProcessHandle> members = members(group);
        int count = members.size();
        members.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (System.nanoTime() < deadline && !members(group).isEmpty()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                break; // kill at once below
            }
        }
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> left = members(group);
            if (left.isEmpty()) {
                break;
            }
            count = Math.max(count, left.size());
            left.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            leader.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count;
    }

    /** @return the live (not zombie) processes whose process group is {@code group} */
    public static List<ProcessHandle> members(long group) {
        List<ProcessHandle> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(d -> {
                try {
                    String stat = Files.readString(d.resolve("stat"), StandardCharsets.UTF_8);
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // f[0] state, f[1] ppid, f[2] pgrp
                    if (!"Z".equals(f[0]) && Long.parseLong(f[2]) == group) {
                        ProcessHandle.of(Long.parseLong(d.getFileName().toString())).ifPresent(out::add);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            });
        } catch (IOException e) {
            // no /proc: nothing to find
        }
        return out;
    }

    private static List<String> lastLines(Path out, int lines) {
        try {
            List<String> all = Files.readAllLines(out, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            try {
                String s = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
                List<String> all = s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                return all.subList(Math.max(0, all.size() - lines), all.size());
            } catch (IOException e2) {
                return List.of();
            }
        }
    }
}
