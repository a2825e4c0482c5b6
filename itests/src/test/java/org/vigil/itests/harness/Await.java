package org.vigil.itests.harness;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it, never by sleeping a fixed time: returns as soon as
 * the condition holds, fails with what was last observed when the timeout passes.
 *
 * <pre>{@code
 * JsonNode status = Await.until("node1 quorate", Duration.ofSeconds(30),
 *     () -> node1.status(), s -> s.path("quorate").asBoolean());
 * }</pre>
 *
 * A probe that throws (a node still booting, ssh not up yet, a command that fails until the
 * node has joined: a {@link RuntimeException} or an {@link AssertionError}) counts as "not
 * yet"; its last failure is reported if the wait times out. A probe that knows the condition
 * can never come (the node died) throws {@link GiveUp} to end the wait at once.
 */
public final class Await {

    /** How often a condition is polled unless told otherwise. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(200);

    private Await() {
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value.
     *
     * @param description what is awaited, for the failure message ("node1 sees 3 members")
     * @param timeout     how long to wait at most
     * @param probe       reads the current state; may throw while the state cannot be read yet
     * @param done        whether the state is the awaited one
     * @return the accepted value
     * @throws AssertionError on timeout, with the last value or exception observed
     */
    public static <T> T until(String description, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        return until(description, timeout, DEFAULT_POLL, probe, done);
    }

    /** As {@link #until(String, Duration, Supplier, Predicate)}, polling every {@code poll}. */
    public static <T> T until(String description, Duration timeout, Duration poll, Supplier<T> probe, Predicate<? super T> done) {
        Objects.requireNonNull(probe, "probe");
        long deadline = System.nanoTime() + timeout.toNanos();
        Object lastSeen = "(nothing: the probe never ran)";
        Throwable lastError = null;
        while (true) {
            try {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                lastSeen = value;
                lastError = null;
            } catch (GiveUp e) {
                throw new AssertionError("Gave up waiting for " + description + ": " + e.getMessage(), e);
            } catch (RuntimeException | AssertionError e) {
                lastError = e;
                lastSeen = e.toString();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                AssertionError failure = new AssertionError("Timed out after " + format(timeout) + " waiting for "
                    + description + "; last observed: " + lastSeen);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            sleep(Math.min(poll.toNanos(), left));
        }
    }

    /** Polls a boolean condition until it holds. */
    public static void until(String description, Duration timeout, BooleanSupplier condition) {
        until(description, timeout, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** Thrown by a probe when the awaited condition can never hold: ends the wait at once. */
    public static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message why waiting longer is pointless */
        public GiveUp(String message) {
            super(message);
        }
    }

    /** @return a duration as people read it: "1.5 s", "250 ms" */
    static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
