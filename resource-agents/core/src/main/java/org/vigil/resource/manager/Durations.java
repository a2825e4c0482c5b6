package org.vigil.resource.manager;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations of resource attributes: seconds as rgmanager writes them, or with a unit. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h)?");

    private Durations() {
    }

    /**
     * @param text e.g. {@code 30}, {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}
     * @return the duration
     * @throws IllegalArgumentException when the text is not one
     */
    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (seconds, or with a unit: 500ms, 30s, 2m, 1h)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> value;
            case "m", "min" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> value * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /**
     * @param d a duration
     * @return it for people: {@code 20 s}, {@code 500 ms}, {@code 1.5 s}
     */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
