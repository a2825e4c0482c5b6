package org.vigil.fence.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.vigil.api.fence.FenceAction;

/**
 * Fencing one lost node until it is done: waits the post_fail_delay, then runs rounds (every
 * level in order) with back-off between failed rounds, until a round succeeds or the job is
 * called off (an operator acknowledged, the node rejoined, this node is no longer the quorate
 * coordinator). Runs on a thread of its own; progress is readable from other threads.
 */
final class FenceJob implements Runnable {

    /** What the job reports to the daemon. */
    interface Owner {
        List<Level> levels(String node);

        FenceRound.Calls calls(FenceJob job);

        /** A round ended without fencing (not aborted). */
        void roundFailed(FenceJob job, FenceRound.Result result);

        /** A round fenced the node. */
        void fenced(FenceJob job, FenceRound.Result result);

        /** @return why this node may no longer fence (not quorate, not coordinator); null when it may */
        String notEntitled();

        void note(boolean warn, String line);

        /** The job ended (fenced, called off, or no longer entitled). */
        void ended(FenceJob job);
    }

    private final String node;
    private final Instant lostAt;
    private final Duration postFailDelay;
    private final Backoff backoff;
    private final Owner owner;
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private volatile String status = "starting";
    private volatile int attempts;

    FenceJob(String node, Instant lostAt, Duration postFailDelay, Backoff backoff, Owner owner) {
        this.node = node;
        this.lostAt = lostAt;
        this.postFailDelay = postFailDelay;
        this.backoff = backoff;
        this.owner = owner;
    }

    String node() {
        return node;
    }

    String status() {
        return status;
    }

    int attempts() {
        return attempts;
    }

    void status(String status) {
        this.status = status;
    }

    /** Calls the job off; it stops at its next step. */
    void cancel() {
        cancelled.complete(null);
    }

    boolean isCancelled() {
        return cancelled.isDone();
    }

    /** @return true when the job may go on */
    boolean stillWanted() {
        return !isCancelled() && owner.notEntitled() == null;
    }

    /**
     * Waits, or less when the job is called off.
     *
     * @return true when the whole wait passed and the job may go on
     */
    boolean sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return stillWanted();
        }
        try {
            cancelled.get(d.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return stillWanted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    @Override
    public void run() {
        try {
            fence();
        } finally {
            cancelled.complete(null);
            owner.ended(this);
        }
    }

    private void fence() {
        Duration wait = Duration.between(Instant.now(), lostAt.plus(postFailDelay));
        if (!wait.isNegative() && !wait.isZero()) {
            status = "waiting post_fail_delay (" + FenceRound.seconds(wait) + ")";
            owner.note(false, "Fencing " + node + " in " + FenceRound.seconds(wait) + " (post_fail_delay)");
            if (!sleep(wait)) {
                return;
            }
        }
        int round = 0;
        while (stillWanted()) {
            round++;
            attempts = round;
            status = "fencing (round " + round + ")";
            FenceRound.Result r = FenceRound.run(node, owner.levels(node), round == 1, owner.calls(this));
            if (r.success()) {
                // reported even when called off meanwhile: the node is off, and a job started after this
                // one must know it, not switch it off a second time
                owner.fenced(this, r);
                return;
            }
            if (r.aborted() || isCancelled()) {
                return;
            }
            owner.roundFailed(this, r);
            Duration next = backoff.after(round);
            status = (r.needsOperator() ? "waiting for an operator (fence:ack " + node + "); " : "")
                + "retrying in " + FenceRound.seconds(next) + " after round " + round + " failed: " + r.message();
            if (!sleep(next)) {
                return;
            }
        }
    }

    /** @return OFF or REBOOT: what automatic fencing asks for (each device's own action="off" still wins) */
    static FenceAction automaticAction() {
        return FenceAction.REBOOT;
    }
}
