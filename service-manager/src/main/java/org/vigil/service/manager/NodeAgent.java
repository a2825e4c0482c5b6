package org.vigil.service.manager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.resource.LocalResourceManager;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceState;
import org.vigil.api.resource.ResourceStatus;
import org.vigil.service.policy.NodeReport;
import org.vigil.service.policy.ReportedService;
import org.vigil.service.policy.ReportedState;

/**
 * The node's part of the service manager: carries out the coordinator's START and STOP of a
 * service with this node's {@link LocalResourceManager} (down the resource tree to start, up it
 * to stop; a failed start stops the whole tree again and counts as a failure), and derives this
 * node's {@link NodeReport} from the resources' states. Operations on one service run one at a
 * time, in the order they arrive; different services run in parallel.
 */
final class NodeAgent {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    /** Longest wait for one resource operation (the resource manager times operations out itself). */
    private static final long OPERATION_CAP_SECONDS = 600;
    /** After this long an operation still running is logged. */
    private static final long SLOW_WARNING_SECONDS = 45;

    /** The outcome of one action on this node. */
    record Result(boolean success, String message) {
    }

    /** What this node meant for a service last. */
    private enum Intent { NONE, STARTED, STOPPED }

    /** This node's knowledge of one service. */
    private static final class Local {
        Intent intent = Intent.NONE;
        ReportedState transition;
        boolean failed;
        String failure = "";
        CompletableFuture<Result> chain = CompletableFuture.completedFuture(new Result(true, ""));
    }

    private final String node;
    private final LocalResourceManager lrm;
    private final Supplier<Optional<ClusterConfiguration>> config;
    private final Consumer<NodeReport> onChange;
    private final Executor pool;
    private final Map<String, Local> services = new HashMap<>();
    private NodeReport lastReport;

    /**
     * @param node     this node's name
     * @param lrm      this node's resource manager
     * @param config   the running configuration
     * @param onChange told (from any thread) whenever this node's report changes
     * @param pool     runs the operations
     */
    NodeAgent(String node, LocalResourceManager lrm, Supplier<Optional<ClusterConfiguration>> config,
              Consumer<NodeReport> onChange, Executor pool) {
        this.node = Objects.requireNonNull(node);
        this.lrm = lrm;
        this.config = config;
        this.onChange = onChange;
        this.pool = pool;
    }

    /**
     * Starts a service's tree here, parents before children.
     *
     * @param service the service
     * @param reason  why (for the log)
     * @return completes when it ran or failed
     */
    CompletableFuture<Result> start(String service, String reason) {
        return enqueue(service, () -> doStart(service, reason));
    }

    /**
     * Stops a service's tree here, children before parents.
     *
     * @param service the service
     * @param reason  why (for the log)
     * @return completes when it is stopped or the stop failed
     */
    CompletableFuture<Result> stop(String service, String reason) {
        return enqueue(service, () -> doStop(service, reason));
    }

    /**
     * Stops every service active here, without waiting for anyone (no quorum).
     *
     * @param reason why
     * @return completes when all are stopped (or failed to)
     */
    CompletableFuture<Void> stopAll(String reason) {
        List<CompletableFuture<Result>> all = new ArrayList<>();
        NodeReport r = report();
        r.services().forEach((svc, s) -> {
            if (s.state() != ReportedState.STOPPED) {
                all.add(stop(svc, reason));
            }
        });
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private synchronized CompletableFuture<Result> enqueue(String service, Supplier<Result> op) {
        Local l = services.computeIfAbsent(service, k -> new Local());
        CompletableFuture<Result> next = l.chain.handle((r, e) -> null)
            .thenApplyAsync(x -> {
                try {
                    return op.get();
                } catch (RuntimeException e) {
                    LOG.error("service:{} operation failed on {}", service, node, e);
                    return new Result(false, "service:" + service + " on " + node + ": " + e);
                }
            }, pool);
        l.chain = next;
        return next;
    }

    private Result doStart(String service, String reason) {
        ClusterConfiguration cfg = config.get().orElse(null);
        if (cfg == null || cfg.resourceManager().service(service).isEmpty()) {
            return fail(service, Intent.STOPPED, "service:" + service + " is not in this node's configuration");
        }
        List<String> order = ServiceTree.startOrder(cfg, service);
        Map<String, ResourceState> states = resourceStates();
        if (isRunning(service, order, states)) {
            return done(service, Intent.STARTED, "service:" + service + " already runs on " + node);
        }
        transition(service, ReportedState.STARTING);
        LOG.info("Starting service:{} on {} ({}): {}", service, node, String.join(" > ", order), reason);
        String failure = null;
        for (String resource : order) {
            if (states.get(resource) == ResourceState.RUNNING) {
                continue;
            }
            String problem = run(resource, ResourceOperation.START);
            if (problem != null) {
                failure = problem;
                break;
            }
        }
        if (failure == null) {
            LOG.info("service:{} started on {}", service, node);
            return done(service, Intent.STARTED, "service:" + service + " started on " + node);
        }
        String stopProblem = stopTree(service, ServiceTree.stopOrder(cfg, service));
        String message = "service:" + service + " failed to start on " + node + ": " + failure
            + (stopProblem == null ? "; what had started was stopped again" : "; stopping it again failed too (it may still run): "
            + stopProblem);
        LOG.warn(message);
        return fail(service, Intent.STOPPED, message);
    }

    private Result doStop(String service, String reason) {
        ClusterConfiguration cfg = config.get().orElse(null);
        List<String> order = cfg == null ? List.of() : ServiceTree.stopOrder(cfg, service);
        transition(service, ReportedState.STOPPING);
        LOG.info("Stopping service:{} on {}: {}", service, node, reason);
        String problem = stopTree(service, order);
        if (problem == null) {
            LOG.info("service:{} stopped on {}", service, node);
            return done(service, Intent.STOPPED, "service:" + service + " stopped on " + node);
        }
        String message = "service:" + service + " failed to stop on " + node + " (it may still run): " + problem;
        LOG.warn(message);
        return fail(service, Intent.STOPPED, message);
    }

    private String stopTree(String service, List<String> order) {
        String problem = null;
        for (String resource : order) {
            String p = run(resource, ResourceOperation.STOP);
            if (p != null && problem == null) {
                problem = p;
            }
        }
        return problem;
    }

    /** @return null on success, else what went wrong */
    private String run(String resource, ResourceOperation op) {
        try {
            CompletableFuture<OperationRecord> f = lrm.run(resource, op);
            OperationRecord rec;
            try {
                rec = f.get(SLOW_WARNING_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException slow) {
                LOG.warn("{} {} on {} has not ended after {} s; still waiting (at most {} s)", resource,
                    op.name().toLowerCase(), node, SLOW_WARNING_SECONDS, OPERATION_CAP_SECONDS);
                rec = f.get(OPERATION_CAP_SECONDS - SLOW_WARNING_SECONDS, TimeUnit.SECONDS);
            }
            if (rec.result().isSuccess()) {
                return null;
            }
            return resource + " " + op.name().toLowerCase() + " " + rec.result().status() + ": " + rec.result().message();
        } catch (IllegalArgumentException e) {
            return resource + " is not a resource of this node's resource manager (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return resource + " " + op.name().toLowerCase() + " interrupted";
        } catch (ExecutionException e) {
            return resource + " " + op.name().toLowerCase() + " failed: " + e.getCause();
        } catch (TimeoutException e) {
            return resource + " " + op.name().toLowerCase() + " did not end within " + OPERATION_CAP_SECONDS + " s";
        }
    }

    private synchronized void transition(String service, ReportedState state) {
        services.computeIfAbsent(service, k -> new Local()).transition = state;
        publish();
    }

    private Result done(String service, Intent intent, String message) {
        synchronized (this) {
            Local l = services.computeIfAbsent(service, k -> new Local());
            l.intent = intent;
            l.transition = null;
            l.failed = false;
            l.failure = "";
            publish();
        }
        return new Result(true, message);
    }

    private Result fail(String service, Intent intent, String message) {
        synchronized (this) {
            Local l = services.computeIfAbsent(service, k -> new Local());
            l.intent = intent;
            l.transition = null;
            l.failed = true;
            l.failure = message;
            publish();
        }
        return new Result(false, message);
    }

    private boolean isRunning(String service, List<String> order, Map<String, ResourceState> states) {
        return !order.isEmpty() && order.stream().allMatch(r -> states.get(r) == ResourceState.RUNNING);
    }

    private Map<String, ResourceState> resourceStates() {
        Map<String, ResourceState> out = new HashMap<>();
        for (ResourceStatus s : lrm.resources()) {
            out.put(s.resource().name(), s.state());
        }
        return out;
    }

    /**
     * Looks at the resources again and tells {@code onChange} when the report changed (the
     * resource manager's monitors may have found a resource failed).
     */
    synchronized void poll() {
        publish();
    }

    private void publish() {
        NodeReport r = computeReport();
        if (!r.equals(lastReport)) {
            lastReport = r;
            onChange.accept(r);
        }
    }

    /** @return this node's report now */
    synchronized NodeReport report() {
        NodeReport r = computeReport();
        lastReport = r;
        return r;
    }

    /**
     * @param service a service
     * @return why it failed here last, if it did
     */
    synchronized Optional<String> failure(String service) {
        Local l = services.get(service);
        return l == null || !l.failed ? Optional.empty() : Optional.of(l.failure);
    }

    private NodeReport computeReport() {
        Map<String, ReportedService> out = new LinkedHashMap<>();
        ClusterConfiguration cfg = config.get().orElse(null);
        Map<String, ResourceState> states = resourceStates();
        List<String> names = new ArrayList<>();
        if (cfg != null) {
            cfg.resourceManager().services().forEach(s -> names.add(s.name()));
        }
        services.keySet().stream().filter(s -> !names.contains(s)).sorted().forEach(names::add);
        for (String svc : names) {
            ReportedState st = state(svc, cfg == null ? List.of() : ServiceTree.startOrder(cfg, svc), states);
            if (st != ReportedState.STOPPED) {
                out.put(svc, ReportedService.of(st));
            }
        }
        return new NodeReport(node, out);
    }

    private ReportedState state(String service, List<String> order, Map<String, ResourceState> states) {
        Local l = services.get(service);
        if (l != null && l.transition != null) {
            return l.transition;
        }
        if (l != null && l.failed) {
            return ReportedState.FAILED;
        }
        long running = order.stream().filter(r -> states.get(r) == ResourceState.RUNNING).count();
        Intent intent = l == null ? Intent.NONE : l.intent;
        if (intent == Intent.STARTED) {
            return !order.isEmpty() && running == order.size() ? ReportedState.RUNNING : ReportedState.FAILED;
        }
        if (running == 0) {
            return ReportedState.STOPPED;
        }
        return running == order.size() ? ReportedState.RUNNING : ReportedState.FAILED;
    }
}
