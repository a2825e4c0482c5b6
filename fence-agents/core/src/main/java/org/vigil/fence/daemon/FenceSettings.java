package org.vigil.fence.daemon;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigElement;

/**
 * The daemon's settings. Node-local ones come from {@code etc/org.vigil.fence.cfg} (all
 * optional): {@code action.timeout} (s, default 60), {@code retry.initial.ms} (1000),
 * {@code retry.max.ms} (30000), {@code history.size} (200), {@code history.file} (default
 * {@code ${karaf.data}/vigil/fence-history}). Cluster-wide ones come from cluster.conf's
 * {@code <fence_daemon post_fail_delay= post_join_delay= clean_start=/>} ({@link Cluster}).
 *
 * @param actionTimeout default timeout of one agent action (a device's {@code timeout} wins)
 * @param backoff       waits between failed rounds
 * @param historySize   outcomes kept
 * @param historyFile   where they are kept (null: memory only)
 */
record FenceSettings(Duration actionTimeout, Backoff backoff, int historySize, Path historyFile) {

    /** The node-local configuration PID. */
    static final String PID = "org.vigil.fence";

    static FenceSettings from(Map<String, ?> properties) {
        Map<String, ?> p = properties == null ? Map.of() : properties;
        Duration timeout = Duration.ofSeconds(number(p, "action.timeout", 60));
        Backoff backoff = new Backoff(Duration.ofMillis(number(p, "retry.initial.ms", 1000)),
            Duration.ofMillis(number(p, "retry.max.ms", 30_000)));
        int size = (int) number(p, "history.size", 200);
        Object file = p.get("history.file");
        Path path;
        if (file != null && !file.toString().isBlank()) {
            path = "none".equals(file.toString().strip()) ? null : Path.of(file.toString().strip());
        } else {
            path = Path.of(System.getProperty("karaf.data", "data"), "vigil", "fence-history");
        }
        return new FenceSettings(timeout, backoff, size, path);
    }

    private static long number(Map<String, ?> p, String key, long byDefault) {
        Object v = p.get(key);
        if (v == null || v.toString().isBlank()) {
            return byDefault;
        }
        try {
            long n = Long.parseLong(v.toString().strip());
            if (n <= 0) {
                throw new IllegalArgumentException(PID + ": " + key + " must be positive, got '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PID + ": " + key + " is not a whole number: '" + v + "'", e);
        }
    }

    /**
     * The {@code <fence_daemon>} settings of cluster.conf.
     *
     * @param postFailDelay wait after a node is lost before fencing it (default 0)
     * @param postJoinDelay wait after the cluster first becomes quorate before fencing configured
     *                      nodes that have not joined (default 6 s)
     * @param cleanStart    {@code clean_start="1"}: no startup fencing at all
     * @param problems      values that could not be read (the defaults were used)
     */
    record Cluster(Duration postFailDelay, Duration postJoinDelay, boolean cleanStart, List<String> problems) {

        static final Cluster DEFAULTS = new Cluster(Duration.ZERO, Duration.ofSeconds(6), false, List.of());

        static Cluster from(ClusterConfiguration config) {
            Optional<ConfigElement> fd = config.layout().sections().stream()
                .filter(e -> e.name().equals("fence_daemon")).findFirst();
            if (fd.isEmpty()) {
                return DEFAULTS;
            }
            List<String> problems = new ArrayList<>();
            Duration fail = seconds(fd.get(), "post_fail_delay", DEFAULTS.postFailDelay, problems);
            Duration join = seconds(fd.get(), "post_join_delay", DEFAULTS.postJoinDelay, problems);
            String clean = fd.get().attribute("clean_start").orElse("0").strip().toLowerCase(Locale.ROOT);
            boolean cleanStart = clean.equals("1") || clean.equals("yes") || clean.equals("true") || clean.equals("on");
            return new Cluster(fail, join, cleanStart, List.copyOf(problems));
        }

        private static Duration seconds(ConfigElement e, String attribute, Duration byDefault, List<String> problems) {
            Optional<String> v = e.attribute(attribute);
            if (v.isEmpty() || v.get().isBlank()) {
                return byDefault;
            }
            try {
                BigDecimal s = new BigDecimal(v.get().strip());
                if (s.signum() < 0) {
                    problems.add("<fence_daemon " + attribute + "=\"" + v.get() + "\"> is negative; using "
                        + FenceRound.seconds(byDefault));
                    return byDefault;
                }
                return Duration.ofMillis(s.movePointRight(3).longValue());
            } catch (NumberFormatException ex) {
                problems.add("<fence_daemon " + attribute + "=\"" + v.get() + "\"> is not a number of seconds; using "
                    + FenceRound.seconds(byDefault));
                return byDefault;
            }
        }
    }
}
