package org.vigil.fence.daemon;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.Secrets;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;

/**
 * The installed fence agents by type (tracked as they come and go), and how the daemon calls
 * one: on a thread of its own, giving up after the device's timeout (plus a second's grace, so
 * an agent that keeps its own timeout can report it), with any secret value scrubbed from what
 * the agent says.
 */
final class Agents {

    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final Map<String, FenceAgent> byType = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    Agents() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vigil-fence-agent-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param agent an agent that appeared
     * @param type  its {@value FenceAgent#TYPE_PROPERTY} (or its metadata's type when absent)
     */
    void add(FenceAgent agent, String type) {
        FenceAgent before = byType.putIfAbsent(type, agent);
        if (before != null && before != agent) {
            LOG.warn("A second fence agent of type '{}' appeared; the first one stays in use", type);
        } else {
            LOG.info("Fence agent '{}' is installed", type);
        }
    }

    void remove(FenceAgent agent) {
        byType.entrySet().removeIf(e -> {
            if (e.getValue() == agent) {
                LOG.info("Fence agent '{}' went away: devices of that type now report \"agent missing\"", e.getKey());
                return true;
            }
            return false;
        });
    }

    /** @return the installed types */
    Set<String> types() {
        return Set.copyOf(byType.keySet());
    }

    /** @return the installed agents by type, sorted */
    Map<String, FenceAgent> all() {
        return new TreeMap<>(byType);
    }

    /**
     * @param step a device
     * @return the actions its agent supports; empty when the agent is missing
     */
    Set<FenceAction> actions(DeviceStep step) {
        FenceAgent a = byType.get(step.route().type());
        if (a == null) {
            return Set.of();
        }
        try {
            FenceAgentMetadata m = a.metadata(step.parameters());
            return m == null ? a.metadata().actions() : m.actions();
        } catch (RuntimeException e) {
            LOG.warn("Fence agent '{}' failed to describe device {}: {}", step.route().type(), step.label(),
                scrub(String.valueOf(e.getMessage()), step.parameters()));
            return a.metadata().actions();
        }
    }

    /**
     * Runs one action and waits at most the device's timeout.
     *
     * @return the agent's result (secrets scrubbed), or a failure saying why there is none
     */
    FenceResult call(DeviceStep step, FenceAction action) {
        FenceAgent agent = byType.get(step.route().type());
        if (agent == null) {
            return FenceResult.failed("agent missing: " + AgentRouting.route(step.route().type(), types(), "this node").note());
        }
        Duration timeout = step.timeout();
        Future<FenceResult> f;
        try {
            f = pool.submit(() -> agent.execute(action, step.parameters(), step.plug(), timeout));
        } catch (RejectedExecutionException e) {
            return FenceResult.failed("the fencing daemon is stopping");
        }
        try {
            FenceResult r = f.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                return FenceResult.failed(step.label() + " " + name(action) + ": the " + step.route().type()
                    + " agent returned no result");
            }
            String scrubbed = scrub(r.message() == null ? "" : r.message(), step.parameters());
            return scrubbed.equals(r.message()) ? r : new FenceResult(r.success(), r.power(), r.plugs(), scrubbed);
        } catch (TimeoutException e) {
            f.cancel(true);
            return FenceResult.failed(name(action) + " timed out after " + FenceRound.seconds(timeout)
                + " (the " + step.route().type() + " agent did not answer)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            LOG.warn("Fence agent '{}' threw on {} {}: {}", step.route().type(), name(action), step.label(),
                c.getClass().getName());
            return FenceResult.failed("the " + step.route().type() + " agent failed: " + c.getClass().getSimpleName()
                + (c.getMessage() == null ? "" : ": " + scrub(c.getMessage(), step.parameters())));
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return FenceResult.failed(name(action) + " interrupted: fencing was called off");
        }
    }

    void close() {
        pool.shutdownNow();
    }

    static String name(FenceAction action) {
        return action.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Replaces every secret parameter's value (3 characters or more) found in a text by ****. */
    static String scrub(String text, Map<String, String> parameters) {
        String out = text;
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (Secrets.isSecret(e.getKey()) && e.getValue() != null && e.getValue().length() >= 3) {
                out = out.replace(e.getValue(), Secrets.MASK);
            }
        }
        return out;
    }
}
