package org.vigil.fence.pdu;

import java.time.Duration;
import java.util.Locale;

/** The time an action may still take: a monotonic end point and the total it was given. */
final class Deadline {
    private final long endNanos;
    private final Duration total;

    private Deadline(long endNanos, Duration total) {
        this.endNanos = endNanos;
        this.total = total;
    }

    /**
     * @param total how long from now
     * @return a deadline that far ahead
     */
    static Deadline after(Duration total) {
        return new Deadline(System.nanoTime() + total.toNanos(), total);
    }

    /** @return what is left, never negative */
    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** @return whether no time is left */
    boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** @return the time this deadline was given in the first place */
    Duration total() {
        return total;
    }

    /**
     * Sleeps for the given time or until the deadline, whichever comes first.
     *
     * @param d how long
     * @throws PduException when interrupted
     */
    void sleep(Duration d) throws PduException {
        long ms = Math.min(d.toMillis(), remaining().toMillis());
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PduException("interrupted");
        }
    }

    /**
     * @param d a duration
     * @return it as people read it: "2 s", "0.5 s", "1.25 s"
     */
    static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        if (s == Math.rint(s)) {
            return (long) s + " s";
        }
        return String.format(Locale.ROOT, "%.2f", s).replaceAll("0+$", "") + " s";
    }
}
