package org.vigil.fence.external;

import java.time.Duration;
import java.util.Locale;

/** The end of the time one action may take; every agent run of the action gets what is left. */
final class Deadline {
    private final long start;
    private final long end;
    private final Duration limit;

    private Deadline(Duration limit) {
        this.start = System.nanoTime();
        this.end = start + limit.toNanos();
        this.limit = limit;
    }

    static Deadline after(Duration limit) {
        return new Deadline(limit);
    }

    /** @return the time left, zero when passed */
    Duration remaining() {
        long left = end - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    boolean passed() {
        return end - System.nanoTime() <= 0;
    }

    /** @return the whole limit, as given */
    Duration limit() {
        return limit;
    }

    /** @return the time since the deadline was set */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * @param d a duration
     * @return it in seconds for people: {@code 20 s}, {@code 1.5 s}, {@code 0.25 s}
     */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        String s = String.format(Locale.ROOT, "%.2f", ms / 1000.0);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + " s";
    }
}
