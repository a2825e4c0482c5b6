package org.vigil.fence.ilo;

import java.math.BigDecimal;
import java.time.Duration;

/** The point in time by which a whole action must be over (the agent's timeout). */
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

    /** @return the time left in milliseconds, never negative */
    long remainingMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000L);
    }

    /** @return true once the time is up */
    boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** @return the whole time allowed, for messages: {@code 20 s}, {@code 2.5 s} */
    String totalText() {
        return seconds(total);
    }

    /**
     * @param what what was being waited for, e.g. {@code "the answer to GET /redfish/v1 from 10.0.0.5:443"}
     * @return the failure for a time-out: {@code timed out after 20 s waiting for ...}
     */
    IloException timedOut(String what) {
        return new IloException("timed out after " + totalText() + " waiting for " + what);
    }

    /**
     * @param d a duration
     * @return it in seconds for people, to the millisecond: {@code 2 s}, {@code 1.91 s}
     */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * @param startNanos a {@link System#nanoTime()} value
     * @return the time since then, for people
     */
    static String since(long startNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * Sleeps for the given time or until the deadline, whichever comes first.
     *
     * @param millis how long
     * @throws IloException when interrupted
     */
    void sleep(long millis) throws IloException {
        long t = Math.min(millis, remainingMillis());
        if (t <= 0) {
            return;
        }
        try {
            Thread.sleep(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IloException("interrupted", e);
        }
    }
}
