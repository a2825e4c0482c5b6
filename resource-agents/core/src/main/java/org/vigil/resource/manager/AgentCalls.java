package org.vigil.resource.manager;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;

/**
 * Calls agents on a bounded pool of threads, each call with its timeout: when the timeout
 * passes first, the call's result is {@link OcfStatus#TIMED_OUT} ("timed out after 20 s"), the
 * thread running the agent is interrupted (the agent was given the same timeout and should stop
 * what it runs), and the manager stops waiting. Also holds the timer of recurring monitors.
 */
final class AgentCalls implements AutoCloseable {

    private static final OcfResult STOPPED = new OcfResult(OcfStatus.ERR_GENERIC,
        "the resource manager stopped before the operation ended");

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final java.util.Set<CompletableFuture<OcfResult>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile int parallel;
    private final java.util.concurrent.atomic.AtomicInteger overrunning = new java.util.concurrent.atomic.AtomicInteger();

    /** At most this many threads are added for calls that overran and still run. */
    static final int MAX_OVERRUN = 64;

    /** @param parallel how many agent calls may run at once */
    AgentCalls(int parallel) {
        int n = Math.max(1, parallel);
        this.parallel = n;
        pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("vigil-lrm-agent"));
        pool.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, threads("vigil-lrm-timer"));
        t.setRemoveOnCancelPolicy(true);
        timer = t;
    }

    /** @param parallel how many agent calls may run at once from now on */
    void parallel(int parallel) {
        this.parallel = Math.max(1, parallel);
        resize();
    }

    /**
     * The pool has {@code parallel} threads plus one for each call that overran its timeout and
     * still runs (an agent that ignores the interrupt), up to {@value #MAX_OVERRUN} more: a stuck
     * agent never holds up the other resources.
     */
    private synchronized void resize() {
        int n = parallel + Math.min(MAX_OVERRUN, overrunning.get());
        if (n > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(n);
            pool.setCorePoolSize(n);
        } else {
            pool.setCorePoolSize(n);
            pool.setMaximumPoolSize(n);
        }
    }

    /**
     * @param agent     the agent
     * @param operation what it runs
     * @param resource  on which resource
     * @param timeout   how long it may take
     * @return its result, or TIMED_OUT; never completes exceptionally
     */
    CompletableFuture<OcfResult> call(ResourceAgent agent, ResourceOperation operation, ResourceInstance resource,
                                      Duration timeout) {
        CompletableFuture<OcfResult> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((r, e) -> pending.remove(result));
        try {
            pool.execute(() -> run(agent, operation, resource, timeout, result));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.complete(STOPPED);
        }
        if (closed) {
            result.complete(STOPPED);
        }
        return result;
    }

    private void run(ResourceAgent agent, ResourceOperation operation, ResourceInstance resource, Duration timeout,
                     CompletableFuture<OcfResult> result) {
        Thread me = Thread.currentThread();
        Object lock = new Object();
        boolean[] done = {false};
        boolean[] overran = {false};
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            if (result.complete(new OcfResult(OcfStatus.TIMED_OUT, operation.name().toLowerCase(java.util.Locale.ROOT)
                + " timed out after " + Durations.format(timeout)))) {
                synchronized (lock) {
                    if (!done[0]) {
                        overran[0] = true;
                        overrunning.incrementAndGet();
                        me.interrupt();
                    }
                }
                resize();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        OcfResult r;
        try {
            r = agent.execute(operation, resource, timeout);
            if (r == null || r.status() == null) {
                r = new OcfResult(OcfStatus.ERR_GENERIC, "the agent returned no result");
            }
        } catch (RuntimeException | LinkageError e) {
            r = new OcfResult(OcfStatus.ERR_GENERIC, "the agent failed: " + e);
        } finally {
            boolean wasOverrunning;
            synchronized (lock) {
                done[0] = true;
                wasOverrunning = overran[0];
            }
            if (wasOverrunning) {
                overrunning.decrementAndGet();
                resize();
            }
            watchdog.cancel(false);
            Thread.interrupted(); // an interrupt meant for this call must not reach the next one
        }
        result.complete(r);
    }

    /**
     * @param task  what to run
     * @param delay after how long
     * @return its handle
     */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops: calls not finished end with ERR_GENERIC "the resource manager stopped", so nobody waits for ever. */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<OcfResult> f : List.copyOf(pending)) {
            f.complete(STOPPED);
        }
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
