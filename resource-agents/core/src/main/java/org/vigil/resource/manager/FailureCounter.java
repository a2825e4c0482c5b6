package org.vigil.resource.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A resource's failures, each forgotten {@code failureTimeout} after it happened (Pacemaker's
 * failure-timeout); a zero timeout keeps them until a cleanup. Not thread-safe: the owner locks.
 */
final class FailureCounter {

    private final Deque<Instant> failures = new ArrayDeque<>();
    private Duration failureTimeout;

    /** @param failureTimeout how long a failure counts; zero for ever */
    FailureCounter(Duration failureTimeout) {
        this.failureTimeout = failureTimeout;
    }

    /** @param failureTimeout how long a failure counts from now on; zero for ever */
    void failureTimeout(Duration failureTimeout) {
        this.failureTimeout = failureTimeout;
    }

    /** @param at when a failure happened */
    void record(Instant at) {
        failures.addLast(at);
    }

    /**
     * @param now the time now
     * @return the failures not yet expired
     */
    int count(Instant now) {
        if (!failureTimeout.isZero()) {
            Instant oldest = now.minus(failureTimeout);
            while (!failures.isEmpty() && !failures.peekFirst().isAfter(oldest)) {
                failures.removeFirst();
            }
        }
        return failures.size();
    }

    /** Forgets every failure (cleanup). */
    void reset() {
        failures.clear();
    }
}
