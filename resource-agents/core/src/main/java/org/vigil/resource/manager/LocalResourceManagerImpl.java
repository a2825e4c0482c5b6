package org.vigil.resource.manager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfigListener;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.resource.LocalResourceManager;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.api.resource.ResourceState;
import org.vigil.api.resource.ResourceStatus;

/**
 * This node's {@link LocalResourceManager}. Runs the resources of {@code <rm>} through the
 * {@link ResourceAgent} whiteboard services (an agent may come and go at any time: the
 * resources of a type without an agent are AGENT_MISSING), one operation at a time per resource
 * and up to {@code maxParallel} agent calls at once, each with its timeout; runs recurring
 * monitors of the resources that run here; counts failures (they expire after the failure
 * timeout); keeps a history. Probes every resource when it starts, when new ones are configured
 * and when an agent arrives. Hears new configurations as a {@link ClusterConfigListener}.
 */
@Component(service = {LocalResourceManager.class, ClusterConfigListener.class}, immediate = true,
    configurationPid = LocalResourceManagerImpl.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LocalResourceManagerImpl.Settings.class)
public final class LocalResourceManagerImpl implements LocalResourceManager, ClusterConfigListener {

    /** The configuration PID: {@code etc/org.vigil.resource.cfg}. */
    static final String PID = "org.vigil.resource";

    private static final Logger LOG = LoggerFactory.getLogger(LocalResourceManagerImpl.class);

    /** The manager's settings. */
    @ObjectClassDefinition(name = "Vigil local resource manager",
        description = "Defaults for the resources of cluster.conf; a resource's own attributes win")
    @interface Settings {
        @AttributeDefinition(description = "Seconds between recurring monitors of a resource running here (0: none)")
        int monitorInterval() default 10;

        @AttributeDefinition(description = "Seconds a failure counts (0: until resource:cleanup)")
        int failureTimeout() default 600;

        @AttributeDefinition(description = "Seconds an operation may take when neither the resource nor its agent says")
        int defaultTimeout() default 20;

        @AttributeDefinition(description = "Agent calls that may run at once (different resources)")
        int maxParallel() default 8;

        @AttributeDefinition(description = "Operations kept in the history")
        int historySize() default 500;
    }

    /**
     * The settings in code.
     *
     * @param monitorInterval default time between recurring monitors (0: none)
     * @param failureTimeout  default time a failure counts (0: for ever)
     * @param defaultTimeout  an operation's timeout when nothing else says
     * @param maxParallel     agent calls at once
     * @param historySize     operations kept
     */
    record Defaults(Duration monitorInterval, Duration failureTimeout, Duration defaultTimeout, int maxParallel,
                    int historySize) {

        static Defaults of(Settings s) {
            return new Defaults(Duration.ofSeconds(Math.max(0, s.monitorInterval())),
                Duration.ofSeconds(Math.max(0, s.failureTimeout())), Duration.ofSeconds(Math.max(1, s.defaultTimeout())),
                s.maxParallel(), s.historySize());
        }

        static Defaults standard() {
            return new Defaults(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(20), 8, 500);
        }
    }

    /** One step's record and what it did. */
    private record StepDone(OperationRecord record, Transition transition) {
    }

    private final Clock clock;
    private final AgentCalls calls;
    private final OperationHistory history;
    private final Map<String, List<ResourceAgent>> agents = new ConcurrentHashMap<>();
    private final Map<String, ManagedResource> resources = new LinkedHashMap<>();
    private volatile Defaults defaults;
    private volatile ClusterConfigStore store;
    private volatile boolean running;
    private long configVersion = -1;
    private ClusterConfiguration pending;

    /** For Declarative Services. */
    public LocalResourceManagerImpl() {
        this(Defaults.standard(), Clock.systemUTC());
    }

    /**
     * For tests: a manager that is not started yet ({@link #start()}).
     *
     * @param defaults the settings
     * @param clock    the clock of failure expiry and records
     */
    LocalResourceManagerImpl(Defaults defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
        this.calls = new AgentCalls(defaults.maxParallel());
        this.history = new OperationHistory(defaults.historySize());
    }

    @Activate
    void activate(Settings settings) {
        modified(settings);
        start();
    }

    @Modified
    void modified(Settings settings) {
        Defaults d = Defaults.of(settings);
        defaults = d;
        calls.parallel(d.maxParallel());
        history.capacity(d.historySize());
    }

    /** Starts: applies the configuration known so far and probes every resource. */
    void start() {
        ClusterConfiguration first;
        synchronized (this) {
            running = true;
            first = pending;
            pending = null;
            ClusterConfigStore s = store;
            if (first == null && s != null) {
                first = s.current().orElse(null);
            }
        }
        if (first != null) {
            configurationChanged(first);
        }
        LOG.info("Local resource manager started: {} resources, agents for {}", resources().size(),
            agents.keySet().stream().sorted().toList());
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            running = false;
            resources.values().forEach(ManagedResource::remove);
        }
        calls.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(ClusterConfigStore configStore) {
        store = configStore;
        if (running) {
            configStore.current().ifPresent(this::configurationChanged);
        }
    }

    void unbindStore(ClusterConfigStore configStore) {
        if (store == configStore) {
            store = null;
        }
    }

    /**
     * An agent arrives: the resources of its type that had none are probed.
     *
     * @param agent      the agent
     * @param properties its service properties ({@value ResourceAgent#TYPE_PROPERTY})
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
        policyOption = ReferencePolicyOption.GREEDY)
    void addAgent(ResourceAgent agent, Map<String, Object> properties) {
        String type = type(agent, properties);
        if (type == null) {
            LOG.warn("Resource agent {} has no {} property; ignored", agent, ResourceAgent.TYPE_PROPERTY);
            return;
        }
        agents.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(agent);
        LOG.info("Resource agent for type {} arrived", type);
        if (running) {
            for (ManagedResource r : ofType(type)) {
                ResourceState s = r.state();
                if (s == ResourceState.AGENT_MISSING || s == ResourceState.UNKNOWN) {
                    submit(r, Step.MONITOR);
                }
            }
        }
    }

    /**
     * An agent goes: the resources of its type are AGENT_MISSING unless another agent serves it.
     *
     * @param agent      the agent
     * @param properties its service properties
     */
    void removeAgent(ResourceAgent agent, Map<String, Object> properties) {
        String type = type(agent, properties);
        if (type == null) {
            return;
        }
        List<ResourceAgent> list = agents.get(type);
        if (list != null) {
            list.remove(agent);
        }
        if (agentFor(type) == null) {
            LOG.warn("Resource agent for type {} went away: its resources report AGENT_MISSING", type);
            for (ManagedResource r : ofType(type)) {
                r.nextMonitor(null);
                r.force(ResourceState.AGENT_MISSING, false);
            }
        }
    }

    /**
     * For tests without OSGi.
     *
     * @param type  the type the agent serves
     * @param agent the agent
     */
    void addAgent(String type, ResourceAgent agent) {
        addAgent(agent, Map.of(ResourceAgent.TYPE_PROPERTY, type));
    }

    /**
     * For tests without OSGi.
     *
     * @param type  the type the agent served
     * @param agent the agent
     */
    void removeAgent(String type, ResourceAgent agent) {
        removeAgent(agent, Map.of(ResourceAgent.TYPE_PROPERTY, type));
    }

    @Override
    public void configurationChanged(ClusterConfiguration current) {
        List<ManagedResource> toProbe = new ArrayList<>();
        synchronized (this) {
            if (!running) {
                pending = current;
                return;
            }
            if (current.configVersion() == configVersion) {
                return;
            }
            configVersion = current.configVersion();
            Map<String, ConfiguredResource> wanted = ConfiguredResources.of(current);
            for (var it = resources.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.containsKey(e.getKey())) {
                    ManagedResource gone = e.getValue();
                    if (gone.active()) {
                        LOG.warn("Resource {} is no longer configured but runs here; it is no longer monitored",
                            e.getKey());
                    }
                    gone.remove();
                    it.remove();
                }
            }
            for (ConfiguredResource c : wanted.values()) {
                ManagedResource r = resources.get(c.name());
                if (r == null) {
                    r = new ManagedResource(c, failureTimeout(c));
                    resources.put(c.name(), r);
                    toProbe.add(r);
                } else if (!r.config().equals(c)) {
                    r.config(c, failureTimeout(c));
                    if (!r.active()) {
                        toProbe.add(r);
                    }
                }
                if (!c.problems().isEmpty()) {
                    LOG.error("Resource {} is refused: {}", c.name(), String.join("; ", c.problems()));
                }
            }
            LOG.info("Configuration version {}: {} resources", configVersion, resources.size());
        }
        toProbe.forEach(r -> submit(r, Step.MONITOR));
    }

    @Override
    public List<ResourceStatus> resources() {
        Instant now = clock.instant();
        return snapshot().stream().map(r -> r.status(now)).toList();
    }

    @Override
    public CompletableFuture<OperationRecord> run(String resource, ResourceOperation operation) {
        if (operation == null) {
            throw new IllegalArgumentException("no operation given for resource " + resource);
        }
        return submit(require(resource), Step.of(operation));
    }

    @Override
    public CompletableFuture<List<ResourceStatus>> probe() {
        List<ManagedResource> all = snapshot();
        List<CompletableFuture<OperationRecord>> probes = all.stream().map(r -> submit(r, Step.MONITOR)).toList();
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenApply(v -> resources());
    }

    @Override
    public void cleanup(String resource) {
        ManagedResource r = require(resource);
        r.resetFailures();
        LOG.info("Resource {}: failures cleaned up; probing it again", resource);
        submit(r, Step.MONITOR);
    }

    @Override
    public List<OperationRecord> history() {
        return history.list();
    }

    private ManagedResource require(String resource) {
        synchronized (this) {
            ManagedResource r = resource == null ? null : resources.get(resource);
            if (r == null) {
                throw new IllegalArgumentException("no resource '" + resource + "' is configured"
                    + (resources.isEmpty() ? " (no resources at all: see <rm> in cluster.conf)"
                        : "; configured: " + String.join(", ", resources.keySet())));
            }
            return r;
        }
    }

    private synchronized List<ManagedResource> snapshot() {
        return new ArrayList<>(resources.values());
    }

    private List<ManagedResource> ofType(String type) {
        return snapshot().stream().filter(r -> r.config().instance().type().equals(type)).toList();
    }

    /**
     * Queues a step (and its follow-ups) behind whatever runs on the resource. The lock on the
     * resource only links the step into its queue; the step itself starts after the lock is let
     * go (a step reads other resources, e.g. for unique parameters: running it under this lock
     * deadlocked two resources of a type started at once).
     */
    private CompletableFuture<OperationRecord> submit(ManagedResource r, Step step) {
        CompletableFuture<OperationRecord> out = new CompletableFuture<>();
        CompletableFuture<Void> go = new CompletableFuture<>();
        synchronized (r) {
            CompletableFuture<?> previous = r.tail();
            CompletableFuture<?> next = go.thenCompose(x -> previous.handle((y, e) -> null))
                .thenCompose(x -> job(r, step))
                .whenComplete((record, error) -> {
                    if (error != null) {
                        LOG.error("Resource {}: {} failed in the manager", r.config().name(), step, error);
                        out.complete(new OperationRecord(r.config().name(), step.operation(),
                            new OcfResult(OcfStatus.ERR_GENERIC, "resource manager error: " + error), clock.instant(),
                            Duration.ZERO));
                    } else {
                        out.complete(record);
                    }
                    rearm(r);
                });
            r.tail(next);
        }
        go.complete(null);
        return out;
    }

    /** Runs a step and its follow-ups; the record returned is the first step's. */
    private CompletableFuture<OperationRecord> job(ManagedResource r, Step step) {
        return runStep(r, step).thenCompose(done -> {
            Optional<Step> follow = done.transition().followUp();
            if (follow.isEmpty() || r.removed()) {
                return CompletableFuture.completedFuture(done.record());
            }
            Step nextStep = follow.get();
            return runStepAndFollowUps(r, nextStep).thenApply(followed -> {
                if (step == Step.START && nextStep == Step.CONFIRM && followed.record().result().status() != OcfStatus.SUCCESS
                    && r.state() != ResourceState.RUNNING) {
                    OcfResult confirm = followed.record().result();
                    OcfStatus status = confirm.status() == OcfStatus.NOT_RUNNING ? OcfStatus.ERR_GENERIC : confirm.status();
                    OperationRecord start = done.record();
                    return new OperationRecord(start.resource(), ResourceOperation.START,
                        new OcfResult(status, confirm.message()), start.startedAt(),
                        Duration.between(start.startedAt(), followed.record().startedAt()).plus(followed.record().took()));
                }
                return done.record();
            });
        });
    }

    private CompletableFuture<StepDone> runStepAndFollowUps(ManagedResource r, Step step) {
        return runStep(r, step).thenCompose(done -> {
            Optional<Step> follow = done.transition().followUp();
            if (follow.isEmpty() || r.removed()) {
                return CompletableFuture.completedFuture(done);
            }
            return runStepAndFollowUps(r, follow.get()).thenApply(after -> done);
        });
    }

    private CompletableFuture<StepDone> runStep(ManagedResource r, Step step) {
        ConfiguredResource c = r.config();
        ResourceInstance instance = c.instance();
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        if (!c.problems().isEmpty()) {
            OperationRecord record = new OperationRecord(c.name(), step.operation(), new OcfResult(OcfStatus.ERR_CONFIGURED,
                c.name() + " is refused: " + String.join("; ", c.problems())), startedAt, Duration.ZERO);
            Transition t = new Transition(ResourceState.FAILED, false, false, Optional.empty(), "");
            r.apply(t, record, startedAt);
            history.add(record);
            return CompletableFuture.completedFuture(new StepDone(record, t));
        }
        ResourceAgent agent = agentFor(instance.type());
        CompletableFuture<OcfResult> result;
        if (agent == null) {
            result = CompletableFuture.completedFuture(new OcfResult(OcfStatus.AGENT_MISSING,
                "no agent of type " + instance.type() + " is installed on this node"));
        } else {
            Optional<String> missing = missingParameters(agent, instance);
            if (missing.isEmpty() && (step == Step.START || step == Step.VALIDATE)) {
                missing = sharedUniqueParameter(agent, instance);
            }
            result = missing.isPresent()
                ? CompletableFuture.completedFuture(new OcfResult(OcfStatus.ERR_CONFIGURED, missing.get()))
                : calls.call(agent, step.operation(), instance, timeout(c, agent, step.operation()));
        }
        return result.thenApply(res -> {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Transition t;
            OperationRecord record;
            synchronized (r) {
                t = ResourceStateMachine.next(r.state(), r.active(), step, res.status());
                if (agentFor(instance.type()) == null && res.status() != OcfStatus.AGENT_MISSING) {
                    // the agent went away while it ran: what it said stays in the record, the state says it is gone
                    t = new Transition(ResourceState.AGENT_MISSING, false, t.failure(), Optional.empty(), t.note());
                }
                String message = t.note().isEmpty() ? res.message()
                    : t.note() + (res.message() == null || res.message().isBlank() ? "" : ": " + res.message());
                record = new OperationRecord(c.name(), step.operation(), new OcfResult(res.status(), message), startedAt, took);
                r.apply(t, record, clock.instant());
            }
            history.add(record);
            if (t.failure() || res.status() == OcfStatus.TIMED_OUT) {
                LOG.warn("Resource {}: {} {}: {} -> {}", c.name(), step.operation(), res.status(), record.result().message(),
                    t.state());
            } else {
                LOG.debug("Resource {}: {} {} in {} -> {}", c.name(), step.operation(), res.status(), took, t.state());
            }
            return new StepDone(record, t);
        });
    }

    /** After a job: schedules the next recurring monitor when the resource runs here. */
    private void rearm(ManagedResource r) {
        Duration interval = r.config().settings().monitorInterval().orElse(defaults.monitorInterval());
        synchronized (r) {
            if (!running || r.removed() || !r.active() || interval.isZero()) {
                r.nextMonitor(null);
                return;
            }
            r.nextMonitor(calls.schedule(() -> {
                if (running && !r.removed() && r.active()) {
                    submit(r, Step.MONITOR);
                }
            }, interval));
        }
    }

    private Duration timeout(ConfiguredResource c, ResourceAgent agent, ResourceOperation op) {
        Duration own = c.settings().timeouts().get(op);
        if (own != null) {
            return own;
        }
        try {
            Duration fromAgent = agent.metadata().defaultTimeouts().get(op);
            if (fromAgent != null && !fromAgent.isZero() && !fromAgent.isNegative()) {
                return fromAgent;
            }
        } catch (RuntimeException e) {
            LOG.warn("Resource agent {} failed to give its metadata: {}", agent, e.toString());
        }
        return defaults.defaultTimeout();
    }

    private Duration failureTimeout(ConfiguredResource c) {
        return c.settings().failureTimeout().orElse(defaults.failureTimeout());
    }

    private static Optional<String> missingParameters(ResourceAgent agent, ResourceInstance instance) {
        List<String> missing = new ArrayList<>();
        try {
            for (ResourceParameter p : agent.metadata().parameters()) {
                String v = instance.parameters().get(p.name());
                if (p.required() && (v == null || v.isBlank()) && p.defaultValue().isEmpty()) {
                    missing.add(p.name());
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(instance.name() + ": parameter" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
            + (missing.size() > 1 ? " are" : " is") + " required by type " + instance.type());
    }

    /** A parameter the type says is unique that another resource of the type has the same value of. */
    private Optional<String> sharedUniqueParameter(ResourceAgent agent, ResourceInstance instance) {
        List<ResourceParameter> unique;
        try {
            unique = agent.metadata().parameters().stream().filter(ResourceParameter::unique).toList();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        for (ResourceParameter p : unique) {
            String v = instance.parameters().get(p.name());
            if (v == null || v.isBlank()) {
                continue;
            }
            for (ManagedResource other : ofType(instance.type())) {
                ResourceInstance o = other.config().instance();
                if (!o.name().equals(instance.name()) && v.equals(o.parameters().get(p.name()))) {
                    return Optional.of(instance.name() + ": " + p.name() + " " + v + " is also used by " + o.name()
                        + " (" + p.name() + " must be unique for type " + instance.type() + ")");
                }
            }
        }
        return Optional.empty();
    }

    private ResourceAgent agentFor(String type) {
        List<ResourceAgent> list = agents.get(type);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private static String type(ResourceAgent agent, Map<String, Object> properties) {
        Object t = properties.get(ResourceAgent.TYPE_PROPERTY);
        return t == null ? null : t.toString();
    }
}
