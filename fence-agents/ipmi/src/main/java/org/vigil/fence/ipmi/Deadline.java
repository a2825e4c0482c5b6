package org.vigil.fence.ipmi;

import java.time.Duration;

/** The point in time by which a whole action must be over (from the agent's timeout). */
final class Deadline {
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
    static Deadline after(Duration total) {
        return new Deadline(total);
    }

    /** @return the time left, never negative */
    long remainingMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
    }

    /** @return the end as a {@link System#nanoTime()} value */
    long endNanos() {
        return endNanos;
    }

    /** @return true once the time is up */
    boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** @return the whole time allowed */
    Duration total() {
        return total;
    }

    /** @return the whole time allowed, for messages: {@code 3 s}, {@code 2.5 s} */
    String totalText() {
        return seconds(total);
    }

    /**
     * @param d a duration
     * @return it in seconds for people, to the millisecond: {@code 2 s}, {@code 1.91 s}, {@code 0.004 s}
     */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * Sleeps for the given time or until the deadline, whichever comes first.
     *
     * @param millis how long
     * @throws IpmiException when interrupted
     */
    void sleep(long millis) throws IpmiException {
        long t = Math.min(millis, remainingMillis());
        if (t <= 0) {
            return;
        }
        try {
            Thread.sleep(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpmiException("interrupted", e);
        }
    }
}
