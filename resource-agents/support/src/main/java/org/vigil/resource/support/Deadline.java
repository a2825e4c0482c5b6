package org.vigil.resource.support;

import java.math.BigDecimal;
import java.time.Duration;

/** The point in time by which a whole operation must be over (from the operation's timeout). */
public final class Deadline {
    private final long endNanos;
    private final Duration total;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    /**
     * @param total the time allowed from now
     * @return the deadline
     */
    public static Deadline after(Duration total) {
        return new Deadline(total);
    }

    /** @return the time left in milliseconds, never negative */
    public long remainingMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
    }

    /** @return true once the time is up */
    public boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** @return the whole time allowed, for messages: {@code 20 s} */
    public String totalText() {
        return seconds(total);
    }

    /**
     * @param d a duration
     * @return it in seconds for people: {@code 2 s}, {@code 1.5 s}
     */
    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * Sleeps for the given time or until the deadline, whichever comes first.
     *
     * @param millis how long
     * @return false when interrupted (the interrupt flag is set again)
     */
    public boolean sleep(long millis) {
        long t = Math.min(millis, remainingMillis());
        if (t <= 0) {
            return true;
        }
        try {
            Thread.sleep(t);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
