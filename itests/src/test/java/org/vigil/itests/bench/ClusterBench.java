package org.vigil.itests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.KarafLog;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.Processes;

/**
 * End-to-end figures of a 3-node cluster of real nodes from the tarball. Not a test: it
 * fails only if the cluster does not work, never on a figure. Run it with
 * {@code itests/bench.sh} or {@code mvn -B verify -pl itests -Pbench} (see README.md).
 *
 * <p>What it measures:
 * <ol>
 * <li>cold start: from launching three fresh nodes to each reporting a quorate view of three
 *     ({@code cluster:status --json} polled on one thread per node);</li>
 * <li>crash detection: kill -9 of one node, to each survivor's "View N" log line without it
 *     (log time stamp minus the time of the signal), {@code bench.iterations} times, rotating
 *     the victim; the victim is restarted each time: from its launch to the last node's
 *     "View N" line with all three;</li>
 * <li>silent-failure detection: the same with SIGSTOP (then SIGCONT, to the last node's view
 *     with all three);</li>
 * <li>false suspicions: view changes during {@code bench.quietMinutes} of nothing happening,
 *     with {@code bench.burners} busy loops keeping the CPUs saturated;</li>
 * <li>resident memory (VmRSS) of each node JVM.</li>
 * </ol>
 */
@ExtendWith(NodeLogsOnFailure.class)
class ClusterBench {

    private static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(60);

    private final int iterations = Integer.getInteger("bench.iterations", 20);
    private final Duration quiet = Duration.ofMillis((long) (Double.parseDouble(System.getProperty("bench.quietMinutes", "5")) * 60_000));
    private final int burners = Integer.getInteger("bench.burners", 2);
    private final List<String> report = new ArrayList<>();

    @Test
    void measure() throws IOException {
        Instant began = Instant.now();
        try (ClusterHarness cluster = ClusterHarness.builder("bench").nodes(3).build()) {
            List<Node> nodes = cluster.nodes();

            // 1. Cold start: every node polled on its own thread until it reports a quorate view of three.
            long t0 = System.nanoTime();
            cluster.startAll();
            List<CompletableFuture<Double>> ready = nodes.stream().map(n -> CompletableFuture.supplyAsync(() -> {
                Await.until(n + " quorate with 3 members", ClusterHarness.BOOT_TIMEOUT, Duration.ofMillis(50),
                    () -> n.status(), st -> st.path("quorate").asBoolean() && Node.membersOf(st).size() == 3);
                return seconds(System.nanoTime() - t0);
            })).toList();
            List<Double> perNodeReady = ready.stream().map(CompletableFuture::join).toList();
            double coldStart = max(perNodeReady);
            progress("cold start: all 3 quorate after %.2f s", coldStart);

            // 2. kill -9.
            List<Double> killDetect = new ArrayList<>();
            List<Double> killDetectAll = new ArrayList<>();
            List<Double> restart = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                Node victim = nodes.get(i % nodes.size());
                List<Node> survivors = nodes.stream().filter(n -> n != victim).toList();
                List<Long> marks = survivors.stream().map(n -> n.log().mark()).toList();
                Instant at = victim.kill();
                double slowest = 0;
                for (int s = 0; s < survivors.size(); s++) {
                    double d = detection(survivors.get(s), marks.get(s), victim.name(), at);
                    killDetect.add(d);
                    slowest = Math.max(slowest, d);
                }
                killDetectAll.add(slowest);
                List<Long> before = nodes.stream().map(n -> n.log().mark()).toList();
                victim.start();
                cluster.awaitMembers(nodes, nodes, ClusterHarness.BOOT_TIMEOUT);
                restart.add(fullViewDelay(nodes, before, victim.startedAt()));
                progress("kill -9 #%d (%s): detected after %.3f s (slowest survivor); in every view %.2f s after launch",
                    i + 1, victim, slowest, restart.get(restart.size() - 1));
            }

            // 3. SIGSTOP.
            List<Double> stopDetect = new ArrayList<>();
            List<Double> stopDetectAll = new ArrayList<>();
            List<Double> rejoin = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                Node victim = nodes.get(i % nodes.size());
                List<Node> survivors = nodes.stream().filter(n -> n != victim).toList();
                List<Long> marks = survivors.stream().map(n -> n.log().mark()).toList();
                Instant at = victim.freeze();
                double slowest = 0;
                for (int s = 0; s < survivors.size(); s++) {
                    double d = detection(survivors.get(s), marks.get(s), victim.name(), at);
                    stopDetect.add(d);
                    slowest = Math.max(slowest, d);
                }
                stopDetectAll.add(slowest);
                List<Long> before = nodes.stream().map(n -> n.log().mark()).toList();
                Instant thawed = Instant.now();
                victim.thaw();
                cluster.awaitMembers(nodes, nodes, ClusterHarness.BOOT_TIMEOUT);
                rejoin.add(fullViewDelay(nodes, before, thawed));
                progress("SIGSTOP #%d (%s): detected after %.3f s (slowest survivor); in every view %.2f s after SIGCONT",
                    i + 1, victim, slowest, rejoin.get(rejoin.size() - 1));
            }

            // 4. Quiet period with the CPUs busy: every view change is a false suspicion.
            awaitSettled(cluster);
            List<Long> marks = nodes.stream().map(n -> n.log().mark()).toList();
            List<Process> loops = new ArrayList<>();
            for (int i = 0; i < burners; i++) {
                Process p = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
                Processes.track(p.toHandle());
                loops.add(p);
            }
            progress("quiet period: %.1f min with %d busy loop(s) (pids %s)", quiet.toMillis() / 60_000.0, burners,
                loops.stream().map(Process::pid).toList());
            List<String> suspicions = new ArrayList<>();
            try {
                long end = System.nanoTime() + quiet.toNanos();
                while (System.nanoTime() < end) {
                    // Poll, and stop early only if a node died (that would be a failure, not a figure).
                    for (Node n : nodes) {
                        if (!n.isRunning()) {
                            throw new AssertionError(n + " died during the quiet period:\n" + n.log().tail(40));
                        }
                    }
                    sleepQuietly(Math.min(1000, (end - System.nanoTime()) / 1_000_000));
                }
            } finally {
                for (Process p : loops) {
                    Processes.killTree(p.toHandle(), Duration.ofSeconds(5));
                }
            }
            for (int i = 0; i < nodes.size(); i++) {
                for (KarafLog.ViewLine v : nodes.get(i).log().views(marks.get(i))) {
                    suspicions.add(nodes.get(i) + ": " + v.line());
                }
            }

            // 5. Memory.
            List<String> rss = new ArrayList<>();
            long maxRss = 0;
            for (Node n : nodes) {
                OptionalLong kb = n.residentKb();
                maxRss = Math.max(maxRss, kb.orElse(0));
                rss.add(n + " " + kb.stream().mapToObj(k -> String.format(Locale.ROOT, "%.0f MB", k / 1024.0)).findFirst().orElse("?"));
            }

            // Report.
            line("");
            line("Vigil end-to-end benchmark: 3 nodes on loopback, token %d ms, %d iterations, quiet %.1f min with %d busy loop(s), %d cores",
                cluster.config().tokenMillis(), iterations, quiet.toMillis() / 60_000.0, burners, Runtime.getRuntime().availableProcessors());
            line("%-52s %10s %10s   %s", "figure", "median", "worst", "target");
            row("cold start, 3 fresh nodes at once -> all quorate (s)", List.of(coldStart), "node ready <= 10 s");
            row("  each node quorate with 3 members (s, from launch)", perNodeReady, "");
            row("node restart -> in every node's view (s)", restart, "node ready <= 10 s");
            row("kill -9 -> survivor's new view (s, per survivor)", killDetect, "median <= 0.5 s");
            row("kill -9 -> all survivors' new view (s)", killDetectAll, "median <= 0.5 s");
            row("SIGSTOP -> survivor's new view (s, per survivor)", stopDetect, "<= 1 s");
            row("SIGSTOP -> all survivors' new view (s)", stopDetectAll, "<= 1 s");
            row("SIGCONT -> in every node's view again (s)", rejoin, "");
            line("%-52s %10d %10s   %s", "false suspicions (view changes in the quiet period)", suspicions.size(), "", "0");
            suspicions.forEach(s -> line("    %s", s));
            line("%-52s %10s %10s   %s", "resident memory per node (VmRSS)", "", String.format(Locale.ROOT, "%.0f MB", maxRss / 1024.0), "<= 210 MB");
            line("    %s", String.join(", ", rss));
            line("total bench time %.1f min", Duration.between(began, Instant.now()).toMillis() / 60_000.0);
        } finally {
            String text = String.join("\n", report) + "\n";
            System.out.print(text);
            String file = System.getProperty("bench.report");
            if (file != null && !report.isEmpty()) {
                Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
                Files.writeString(Path.of(file), text);
                System.out.println("Report written to " + file);
            }
        }
    }

    /** @return seconds from {@code at} to the first view without {@code victim} that {@code survivor} logged after {@code mark} */
    private static double detection(Node survivor, long mark, String victim, Instant at) {
        Supplier<Optional<KarafLog.ViewLine>> probe = () -> survivor.log().views(mark).stream()
            .filter(v -> !v.members().contains(victim)).findFirst();
        KarafLog.ViewLine v = Await.until(survivor + " to log a view without " + victim, DETECTION_TIMEOUT, Duration.ofMillis(20),
            probe, Optional::isPresent).orElseThrow();
        if (v.at() == null) {
            throw new AssertionError("no time stamp on " + v.line());
        }
        return Duration.between(at, v.at()).toNanos() / 1e9;
    }

    /**
     * @return seconds from {@code from} to the latest of the nodes' first logged view (after
     *         their marks) holding all nodes: when the last node saw the whole cluster again
     */
    private static double fullViewDelay(List<Node> nodes, List<Long> marks, Instant from) {
        Instant last = from;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            long mark = marks.get(i);
            KarafLog.ViewLine v = Await.until(n + " to log a view of " + nodes.size(), DETECTION_TIMEOUT, Duration.ofMillis(20),
                () -> n.log().views(mark).stream().filter(x -> x.members().size() == nodes.size()).findFirst(),
                Optional::isPresent).orElseThrow();
            if (v.at() != null && v.at().isAfter(last)) {
                last = v.at();
            }
        }
        return Duration.between(from, last).toNanos() / 1e9;
    }

    /** Waits until all nodes agree on one generation with all three members. */
    private static void awaitSettled(ClusterHarness cluster) {
        Await.until("all nodes on the same generation with 3 members", ClusterHarness.VIEW_TIMEOUT,
            () -> cluster.nodes().stream().map(Node::status).toList(),
            all -> all.stream().allMatch(s -> Node.membersOf(s).size() == 3)
                && all.stream().map(s -> s.path("generation").asLong()).distinct().count() == 1);
    }

    private void row(String figure, List<Double> samples, String target) {
        line("%-52s %10s %10s   %s", figure, fmt(median(samples)), fmt(max(samples)), target);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    static double median(List<Double> samples) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double max(List<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private void line(String format, Object... args) {
        report.add(String.format(Locale.ROOT, format, args));
    }

    private static void progress(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static void sleepQuietly(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
