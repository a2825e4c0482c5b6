package org.vigil.resource.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.api.resource.ResourceOperation;

/**
 * How the manager runs one resource, from the manager's own attributes of its element (these are
 * not passed to the agent):
 * <ul>
 * <li>{@code monitor_interval}: time between recurring monitors (0 = none)</li>
 * <li>{@code failure_timeout}: how long a failure counts (0 = until a cleanup)</li>
 * <li>{@code start_timeout}, {@code stop_timeout}, {@code monitor_timeout}, {@code validate_timeout}:
 *     one operation's timeout; {@code __timeout}: every operation's</li>
 * </ul>
 * Durations in seconds, or with a unit ({@code 500ms}, {@code 30s}, {@code 2m}).
 *
 * @param monitorInterval the interval, if written
 * @param failureTimeout  the failure timeout, if written
 * @param timeouts        the timeouts written, by operation
 */
record ResourceSettings(Optional<Duration> monitorInterval, Optional<Duration> failureTimeout,
                        Map<ResourceOperation, Duration> timeouts) {

    /** The attribute names the manager reads (and does not pass to agents). */
    static final Set<String> ATTRIBUTES = Set.of("monitor_interval", "failure_timeout", "start_timeout", "stop_timeout",
        "monitor_timeout", "validate_timeout", "__timeout");

    /** Copies the map. */
    ResourceSettings {
        timeouts = Map.copyOf(timeouts);
    }

    /** @return nothing written: the manager's defaults everywhere */
    static ResourceSettings defaults() {
        return new ResourceSettings(Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Reads the manager's attributes.
     *
     * @param attributes a resource's attributes
     * @param problems   where to say what is wrong (each problem names the attribute)
     * @return the settings; a bad attribute is left out
     */
    static ResourceSettings read(Map<String, String> attributes, List<String> problems) {
        Optional<Duration> interval = duration(attributes, "monitor_interval", problems);
        Optional<Duration> failureTimeout = duration(attributes, "failure_timeout", problems);
        Map<ResourceOperation, Duration> timeouts = new EnumMap<>(ResourceOperation.class);
        Optional<Duration> all = positive(attributes, "__timeout", problems);
        for (ResourceOperation op : ResourceOperation.values()) {
            all.ifPresent(d -> timeouts.put(op, d));
            positive(attributes, op.name().toLowerCase(Locale.ROOT) + "_timeout", problems).ifPresent(d -> timeouts.put(op, d));
        }
        return new ResourceSettings(interval, failureTimeout, timeouts);
    }

    /**
     * @param attributes a resource's attributes
     * @return the attributes for its agent: all but the manager's and {@code ref}
     */
    static Map<String, String> agentParameters(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (!ATTRIBUTES.contains(k) && !"ref".equals(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Optional<Duration> duration(Map<String, String> attributes, String name, List<String> problems) {
        String v = attributes.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(v));
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Duration> positive(Map<String, String> attributes, String name, List<String> problems) {
        List<String> mine = new ArrayList<>();
        Optional<Duration> d = duration(attributes, name, mine);
        if (d.isPresent() && d.get().isZero()) {
            mine.add(name + ": a timeout must be more than 0");
            d = Optional.empty();
        }
        problems.addAll(mine);
        return d;
    }
}
