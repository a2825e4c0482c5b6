package org.vigil.resource.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceState;
import org.vigil.api.resource.ResourceStatus;

/**
 * One resource as the manager keeps it: its configuration, state, failures, last operation,
 * the tail of its operation queue and its next recurring monitor. Callers lock the instance.
 */
final class ManagedResource {

    /** Immutable; volatile so that others read it without this resource's lock (unique-parameter checks). */
    private volatile ConfiguredResource config;
    private ResourceState state = ResourceState.UNKNOWN;
    private boolean active;
    private final FailureCounter failures;
    private OperationRecord last;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> nextMonitor;
    private boolean removed;

    /**
     * @param config         the resource
     * @param failureTimeout how long a failure counts
     */
    ManagedResource(ConfiguredResource config, Duration failureTimeout) {
        this.config = config;
        this.failures = new FailureCounter(failureTimeout);
    }

    ConfiguredResource config() {
        return config;
    }

    synchronized void config(ConfiguredResource config, Duration failureTimeout) {
        this.config = config;
        failures.failureTimeout(failureTimeout);
    }

    synchronized ResourceState state() {
        return state;
    }

    synchronized boolean active() {
        return active;
    }

    /** Applies a step's outcome. */
    synchronized void apply(Transition t, OperationRecord record, Instant now) {
        state = t.state();
        active = t.active();
        if (t.failure()) {
            failures.record(now);
        }
        last = record;
    }

    /** Sets the state without an operation (agent gone, configuration refused, cleanup). */
    synchronized void force(ResourceState newState, boolean nowActive) {
        state = newState;
        active = nowActive;
    }

    synchronized void resetFailures() {
        failures.reset();
    }

    synchronized ResourceStatus status(Instant now) {
        return new ResourceStatus(config.instance(), state, failures.count(now), Optional.ofNullable(last));
    }

    synchronized CompletableFuture<?> tail() {
        return tail;
    }

    synchronized void tail(CompletableFuture<?> tail) {
        this.tail = tail;
    }

    /** @param next the new recurring monitor (null for none); the previous one is cancelled */
    synchronized void nextMonitor(ScheduledFuture<?> next) {
        if (nextMonitor != null) {
            nextMonitor.cancel(false);
        }
        nextMonitor = next;
    }

    synchronized boolean removed() {
        return removed;
    }

    /** Forgets it: no more recurring monitors. */
    synchronized void remove() {
        removed = true;
        active = false;
        nextMonitor(null);
    }
}
