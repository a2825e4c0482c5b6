package org.vigil.fence.daemon;

import java.time.Duration;

/**
 * The wait before fencing round {@code n + 1} after {@code n} failed rounds: the initial wait,
 * doubled after each failure, never more than the maximum (1 s, 2 s, 4 s ... 30 s by default).
 *
 * @param initial the wait after the first failed round
 * @param max     the longest wait
 */
record Backoff(Duration initial, Duration max) {

    /**
     * @param failedRounds rounds failed so far (1 or more)
     * @return how long to wait before the next round
     */
    Duration after(int failedRounds) {
        Duration d = initial;
        for (int i = 1; i < failedRounds && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
