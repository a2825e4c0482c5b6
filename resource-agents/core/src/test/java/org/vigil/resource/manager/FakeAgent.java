package org.vigil.resource.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceParameter;

/**
 * An in-process agent that keeps what "runs" in a set, with switches for misbehaviour: hang on
 * an operation, fail an operation, claim a start without starting. Counts concurrent calls per
 * resource and overall.
 */
class FakeAgent implements ResourceAgent {

    final Set<String> running = ConcurrentHashMap.newKeySet();
    final Map<String, ResourceOperation> hangOn = new ConcurrentHashMap<>();
    final Map<String, OcfResult> failOn = new ConcurrentHashMap<>();
    final Set<String> liars = ConcurrentHashMap.newKeySet();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, AtomicInteger> concurrentPerResource = new ConcurrentHashMap<>();
    final Map<String, Integer> maxConcurrentPerResource = new ConcurrentHashMap<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();
    volatile CountDownLatch hangRelease = new CountDownLatch(1);
    volatile Duration slow = Duration.ZERO;

    private final Map<ResourceOperation, Duration> timeouts;

    FakeAgent() {
        this(Map.of());
    }

    FakeAgent(Map<ResourceOperation, Duration> timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public ResourceAgentMetadata metadata() {
        return new ResourceAgentMetadata("fake", "an in-process test agent",
            List.of(new ResourceParameter("name", true, true, Optional.empty(), "its name"),
                new ResourceParameter("port", false, true, Optional.empty(), "a port only one may use")), timeouts);
    }

    @Override
    public OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout) {
        String name = resource.name();
        calls.add(name + " " + operation);
        int now = concurrentPerResource.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        maxConcurrentPerResource.merge(name, now, Math::max);
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            if (!slow.isZero()) {
                Thread.sleep(slow.toMillis());
            }
            if (hangOn.get(name) == operation) {
                try {
                    hangRelease.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    return new OcfResult(OcfStatus.ERR_GENERIC, "interrupted");
                }
            }
            OcfResult fail = failOn.get(name + " " + operation);
            if (fail != null) {
                return fail;
            }
            return switch (operation) {
                case START -> {
                    if (!liars.contains(name)) {
                        running.add(name);
                    }
                    yield new OcfResult(OcfStatus.SUCCESS, "started");
                }
                case STOP -> {
                    running.remove(name);
                    yield new OcfResult(OcfStatus.SUCCESS, "stopped");
                }
                case MONITOR -> running.contains(name) ? new OcfResult(OcfStatus.SUCCESS, "running")
                    : new OcfResult(OcfStatus.NOT_RUNNING, "not running");
                case VALIDATE -> new OcfResult(OcfStatus.SUCCESS, "");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OcfResult(OcfStatus.ERR_GENERIC, "interrupted");
        } finally {
            concurrent.decrementAndGet();
            concurrentPerResource.get(name).decrementAndGet();
        }
    }
}
