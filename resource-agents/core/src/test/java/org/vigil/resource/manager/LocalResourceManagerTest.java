package org.vigil.resource.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceState;
import org.vigil.api.resource.ResourceStatus;

/** The manager with in-process fake agents: probes, queues, timeouts, failures, agents that come and go. */
class LocalResourceManagerTest {

    private final MutableClock clock = new MutableClock();
    private final FakeAgent agent = new FakeAgent();
    private LocalResourceManagerImpl manager;

    @AfterEach
    void stop() {
        agent.hangRelease.countDown();
        if (manager != null) {
            manager.deactivate();
        }
    }

    private LocalResourceManagerImpl start(String rm) throws Exception {
        return start(rm, new LocalResourceManagerImpl.Defaults(Duration.ZERO, Duration.ofMinutes(10), Duration.ofSeconds(20), 8, 500));
    }

    private LocalResourceManagerImpl start(String rm, LocalResourceManagerImpl.Defaults defaults) throws Exception {
        manager = new LocalResourceManagerImpl(defaults, clock);
        manager.addAgent("fake", agent);
        manager.configurationChanged(ConfiguredResourcesTest.conf(1, rm));
        manager.start();
        waitFor(() -> manager.resources().stream().noneMatch(s -> s.state() == ResourceState.UNKNOWN), "probe at start");
        return manager;
    }

    private ResourceStatus status(String name) {
        return manager.resources().stream().filter(s -> s.resource().name().equals(name)).findFirst().orElseThrow();
    }

    private static OperationRecord get(CompletableFuture<OperationRecord> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<String> historyOf(String name) {
        List<String> out = new ArrayList<>();
        for (OperationRecord r : manager.history()) {
            if (r.resource().equals(name)) {
                out.add(r.operation() + " " + r.result().status());
            }
        }
        return out;
    }

    @Test
    void probeAtStartFindsRunningStoppedAndAgentMissing() throws Exception {
        agent.running.add("fake:a");
        start("<resources><fake name=\"a\"/><fake name=\"b\"/><other name=\"c\"/></resources>");
        assertEquals(ResourceState.RUNNING, status("fake:a").state());
        assertEquals(ResourceState.STOPPED, status("fake:b").state());
        assertEquals(ResourceState.AGENT_MISSING, status("other:c").state());
        assertEquals("no agent of type other is installed on this node",
            status("other:c").lastOperation().orElseThrow().result().message());
        assertEquals(0, status("other:c").failCount());
    }

    @Test
    void aStartIsConfirmedByAMonitorBeforeTheResourceIsRunning() throws Exception {
        start("<resources><fake name=\"a\"/></resources>");
        OperationRecord r = get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(new OcfResult(OcfStatus.SUCCESS, "started"), r.result());
        assertEquals(ResourceState.RUNNING, status("fake:a").state());
        assertEquals(List.of("MONITOR NOT_RUNNING", "START SUCCESS", "MONITOR SUCCESS"), historyOf("fake:a"));
        get(manager.run("fake:a", ResourceOperation.STOP));
        assertEquals(ResourceState.STOPPED, status("fake:a").state());
        assertFalse(agent.running.contains("fake:a"));
    }

    @Test
    void aStartThatClaimsSuccessWithoutStartingIsFailedAndStoppedNeverRunning() throws Exception {
        agent.liars.add("fake:a");
        start("<resources><fake name=\"a\"/></resources>");
        OperationRecord r = get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(ResourceOperation.START, r.operation());
        assertEquals(OcfStatus.ERR_GENERIC, r.result().status());
        assertEquals("start claimed success but the resource is not running: not running", r.result().message());
        ResourceStatus s = status("fake:a");
        assertEquals(ResourceState.FAILED, s.state());
        assertEquals(1, s.failCount());
        assertEquals(List.of("MONITOR NOT_RUNNING", "START SUCCESS", "MONITOR NOT_RUNNING", "STOP SUCCESS"), historyOf("fake:a"));
    }

    @Test
    void aHangingStartTimesOutIsFailedAndFollowedByAStop() throws Exception {
        agent.hangOn.put("fake:a", ResourceOperation.START);
        start("<resources><fake name=\"a\" start_timeout=\"300ms\"/></resources>");
        long t0 = System.nanoTime();
        OperationRecord r = get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(new OcfResult(OcfStatus.TIMED_OUT, "start timed out after 300 ms"), r.result());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 10_000);
        waitFor(() -> agent.interrupted.get() == 1, "the hanging agent call to be interrupted");
        assertEquals(ResourceState.FAILED, status("fake:a").state());
        assertEquals(1, status("fake:a").failCount());
        assertEquals(List.of("MONITOR NOT_RUNNING", "START TIMED_OUT", "STOP SUCCESS"), historyOf("fake:a"));
    }

    @Test
    void theTimeoutComesFromTheAgentsMetadataWhenTheResourceGivesNone() throws Exception {
        FakeAgent slowMonitor = new FakeAgent(Map.of(ResourceOperation.MONITOR, Duration.ofMillis(200)));
        slowMonitor.hangOn.put("slow:a", ResourceOperation.MONITOR);
        manager = new LocalResourceManagerImpl(new LocalResourceManagerImpl.Defaults(Duration.ZERO, Duration.ofMinutes(10),
            Duration.ofSeconds(20), 4, 100), clock);
        manager.addAgent("slow", slowMonitor);
        manager.configurationChanged(ConfiguredResourcesTest.conf(1, "<resources><slow name=\"a\"/></resources>"));
        manager.start();
        waitFor(() -> status("slow:a").state() == ResourceState.FAILED, "probe to time out");
        assertEquals(new OcfResult(OcfStatus.TIMED_OUT, "monitor timed out after 200 ms"),
            manager.history().get(0).result());
        slowMonitor.hangRelease.countDown();
    }

    @Test
    void operationsOnOneResourceRunOneAtATimeInOrder() throws Exception {
        start("<resources><fake name=\"a\"/></resources>");
        agent.slow = Duration.ofMillis(20);
        agent.calls.clear();
        List<CompletableFuture<OperationRecord>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(manager.run("fake:a", ResourceOperation.START));
            all.add(manager.run("fake:a", ResourceOperation.STOP));
        }
        for (CompletableFuture<OperationRecord> f : all) {
            get(f);
        }
        assertEquals(1, agent.maxConcurrentPerResource.get("fake:a"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.addAll(List.of("fake:a START", "fake:a MONITOR", "fake:a STOP"));
        }
        assertEquals(expected, agent.calls);
    }

    @Test
    void differentResourcesRunInParallel() throws Exception {
        start("<resources><fake name=\"a\"/><fake name=\"b\"/><fake name=\"c\"/></resources>");
        agent.hangOn.put("fake:a", ResourceOperation.START);
        agent.hangOn.put("fake:b", ResourceOperation.START);
        agent.hangOn.put("fake:c", ResourceOperation.START);
        CompletableFuture<OperationRecord> a = manager.run("fake:a", ResourceOperation.START);
        CompletableFuture<OperationRecord> b = manager.run("fake:b", ResourceOperation.START);
        CompletableFuture<OperationRecord> c = manager.run("fake:c", ResourceOperation.START);
        waitFor(() -> agent.concurrent.get() == 3, "three starts running at once");
        agent.hangRelease.countDown();
        assertEquals(OcfStatus.SUCCESS, get(a).result().status());
        assertEquals(OcfStatus.SUCCESS, get(b).result().status());
        assertEquals(OcfStatus.SUCCESS, get(c).result().status());
        assertEquals(ResourceState.RUNNING, status("fake:c").state());
    }

    @Test
    void aHungResourceDoesNotHoldUpTheOthers() throws Exception {
        start("<resources><fake name=\"a\" start_timeout=\"20\"/><fake name=\"b\"/></resources>");
        agent.hangOn.put("fake:a", ResourceOperation.START);
        CompletableFuture<OperationRecord> a = manager.run("fake:a", ResourceOperation.START);
        waitFor(() -> agent.concurrent.get() == 1, "a's start to hang");
        assertEquals(OcfStatus.SUCCESS, get(manager.run("fake:b", ResourceOperation.START)).result().status());
        CompletableFuture<OperationRecord> queuedOnA = manager.run("fake:a", ResourceOperation.MONITOR);
        assertFalse(a.isDone());
        assertFalse(queuedOnA.isDone(), "a monitor on a waits behind a's start");
        agent.hangRelease.countDown();
        assertEquals(OcfStatus.SUCCESS, get(a).result().status());
        assertEquals(OcfStatus.SUCCESS, get(queuedOnA).result().status());
    }

    @Test
    void failuresExpireAfterTheFailureTimeoutAndCleanupResetsThem() throws Exception {
        agent.failOn.put("fake:a START", new OcfResult(OcfStatus.ERR_GENERIC, "port 80 already in use"));
        start("<resources><fake name=\"a\" failure_timeout=\"10m\"/></resources>");
        OperationRecord r = get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(new OcfResult(OcfStatus.ERR_GENERIC, "port 80 already in use"), r.result());
        assertEquals(1, status("fake:a").failCount());
        clock.advance(Duration.ofMinutes(5));
        get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(2, status("fake:a").failCount());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, status("fake:a").failCount(), "the first failure expired");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(0, status("fake:a").failCount());
        assertEquals(ResourceState.FAILED, status("fake:a").state(), "expiry forgets the count, not the state");

        get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(1, status("fake:a").failCount());
        manager.cleanup("fake:a");
        assertEquals(0, status("fake:a").failCount());
        waitFor(() -> status("fake:a").state() == ResourceState.STOPPED, "cleanup's probe");
    }

    @Test
    void anAgentThatGoesAwayMakesItsResourcesAgentMissingAndComingBackProbesThem() throws Exception {
        agent.running.add("fake:a");
        start("<resources><fake name=\"a\"/><fake name=\"b\"/></resources>");
        assertEquals(ResourceState.RUNNING, status("fake:a").state());
        manager.removeAgent("fake", agent);
        assertEquals(ResourceState.AGENT_MISSING, status("fake:a").state());
        assertEquals(ResourceState.AGENT_MISSING, status("fake:b").state());
        OperationRecord r = get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(new OcfResult(OcfStatus.AGENT_MISSING, "no agent of type fake is installed on this node"), r.result());
        assertEquals(0, status("fake:a").failCount());
        manager.addAgent("fake", agent);
        waitFor(() -> status("fake:a").state() == ResourceState.RUNNING, "a probed RUNNING again");
        waitFor(() -> status("fake:b").state() == ResourceState.STOPPED, "b probed STOPPED again");
    }

    @Test
    void aRecurringMonitorFindsAResourceThatStoppedOnItsOwn() throws Exception {
        start("<resources><fake name=\"a\" monitor_interval=\"100ms\"/><fake name=\"b\" monitor_interval=\"100ms\"/></resources>");
        get(manager.run("fake:a", ResourceOperation.START));
        waitFor(() -> agent.calls.stream().filter("fake:a MONITOR"::equals).count() >= 4, "recurring monitors of a");
        assertEquals(1, agent.calls.stream().filter("fake:b MONITOR"::equals).count(),
            "b was not started here: only its probe");
        agent.running.remove("fake:a");
        waitFor(() -> status("fake:a").state() == ResourceState.FAILED, "the monitor to see a stopped");
        OperationRecord failed = manager.history().stream().filter(r -> r.resource().equals("fake:a")
            && r.result().status() == OcfStatus.NOT_RUNNING && r.operation() == ResourceOperation.MONITOR)
            .reduce((x, y) -> y).orElseThrow();
        assertEquals("stopped on its own: not running", failed.result().message());
        assertEquals(1, status("fake:a").failCount());
        waitFor(() -> historyOf("fake:a").get(historyOf("fake:a").size() - 1).equals("STOP SUCCESS"), "the stop after");
    }

    @Test
    void aMissingRequiredParameterIsAConfigurationErrorNamingIt() throws Exception {
        start("<service name=\"svc\"><fake/></service>");
        assertEquals(ResourceState.FAILED, status("fake:svc/1").state());
        OperationRecord r = get(manager.run("fake:svc/1", ResourceOperation.START));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "fake:svc/1: parameter name is required by type fake"), r.result());
        assertFalse(agent.calls.stream().anyMatch(c -> c.startsWith("fake:svc/1")), "the agent was never called");
    }

    @Test
    void aRefusedManagerAttributeFailsEveryOperationWithTheReason() throws Exception {
        start("<resources><fake name=\"a\" monitor_interval=\"often\"/></resources>");
        assertEquals(ResourceState.FAILED, status("fake:a").state());
        OperationRecord r = get(manager.run("fake:a", ResourceOperation.START));
        assertEquals(OcfStatus.ERR_CONFIGURED, r.result().status());
        assertEquals("fake:a is refused: monitor_interval: 'often' is not a duration (seconds, or with a unit: 500ms, 30s, 2m, 1h)",
            r.result().message());
        assertTrue(agent.calls.isEmpty());
    }

    @Test
    void anUnknownResourceIsRefusedWithTheNamesThatExist() throws Exception {
        start("<resources><fake name=\"a\"/></resources>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> manager.run("fake:nope", ResourceOperation.START));
        assertEquals("no resource 'fake:nope' is configured; configured: fake:a", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> manager.cleanup("x"));
    }

    @Test
    void aNewConfigurationAddsAndRemovesResources() throws Exception {
        start("<resources><fake name=\"a\"/><fake name=\"b\"/></resources>");
        agent.running.add("fake:c");
        manager.configurationChanged(ConfiguredResourcesTest.conf(2, "<resources><fake name=\"a\"/><fake name=\"c\"/></resources>"));
        assertEquals(List.of("fake:a", "fake:c"), manager.resources().stream().map(s -> s.resource().name()).toList());
        waitFor(() -> status("fake:c").state() == ResourceState.RUNNING, "c probed");
    }

    @Test
    void theHistoryIsBounded() throws Exception {
        start("<resources><fake name=\"a\"/></resources>", new LocalResourceManagerImpl.Defaults(Duration.ZERO,
            Duration.ofMinutes(10), Duration.ofSeconds(20), 2, 5));
        for (int i = 0; i < 10; i++) {
            get(manager.run("fake:a", ResourceOperation.VALIDATE));
        }
        assertEquals(5, manager.history().size());
        assertTrue(manager.history().stream().allMatch(r -> r.operation() == ResourceOperation.VALIDATE));
    }

    @Test
    void anAgentThatThrowsIsAFailureWithTheException() throws Exception {
        manager = new LocalResourceManagerImpl(LocalResourceManagerImpl.Defaults.standard(), clock);
        manager.addAgent("boom", new FakeAgent() {
            @Override
            public OcfResult execute(ResourceOperation operation, org.vigil.api.resource.ResourceInstance resource,
                                     Duration timeout) {
                throw new IllegalStateException("kaputt");
            }
        });
        manager.configurationChanged(ConfiguredResourcesTest.conf(1, "<resources><boom name=\"a\"/></resources>"));
        manager.start();
        waitFor(() -> status("boom:a").state() == ResourceState.FAILED, "probe");
        waitFor(() -> manager.history().size() == 2, "the stop after the failed probe");
        assertEquals("the agent failed: java.lang.IllegalStateException: kaputt", manager.history().get(0).result().message());
        assertEquals("stop after the failure failed too: it may still run: the agent failed: "
            + "java.lang.IllegalStateException: kaputt", manager.history().get(1).result().message());
        assertEquals(2, status("boom:a").failCount());
    }

    @Test
    void stoppingTheManagerEndsTheOperationsStillWaiting() throws Exception {
        start("<resources><fake name=\"a\"/><fake name=\"b\"/></resources>");
        agent.hangOn.put("fake:a", ResourceOperation.START);
        CompletableFuture<OperationRecord> a = manager.run("fake:a", ResourceOperation.START);
        waitFor(() -> agent.concurrent.get() == 1, "a's start to hang");
        manager.deactivate();
        OperationRecord r = get(a);
        assertEquals(new OcfResult(OcfStatus.ERR_GENERIC, "the resource manager stopped before the operation ended"), r.result());
        manager = null;
    }

    @Test
    void anAgentThatGoesAwayDuringAnOperationLeavesTheResourceAgentMissing() throws Exception {
        start("<resources><fake name=\"a\"/></resources>");
        agent.hangOn.put("fake:a", ResourceOperation.MONITOR);
        CompletableFuture<OperationRecord> f = manager.run("fake:a", ResourceOperation.MONITOR);
        waitFor(() -> agent.concurrent.get() == 1, "the monitor to hang");
        manager.removeAgent("fake", agent);
        agent.hangRelease.countDown();
        assertEquals(OcfStatus.NOT_RUNNING, get(f).result().status());
        assertEquals(ResourceState.AGENT_MISSING, status("fake:a").state());
    }

    @Test
    void anAgentThatIgnoresTheInterruptDoesNotHoldUpOtherResources() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger stubborn = new java.util.concurrent.atomic.AtomicInteger();
        FakeAgent deaf = new FakeAgent() {
            @Override
            public OcfResult execute(ResourceOperation operation, org.vigil.api.resource.ResourceInstance resource,
                                     Duration timeout) {
                if (operation == ResourceOperation.START && resource.name().equals("deaf:a")) {
                    stubborn.incrementAndGet();
                    while (true) {
                        try {
                            if (release.await(1, TimeUnit.MINUTES)) {
                                break;
                            }
                        } catch (InterruptedException e) {
                            // ignores it, as a badly written agent might
                        }
                    }
                }
                return super.execute(operation, resource, timeout);
            }
        };
        manager = new LocalResourceManagerImpl(new LocalResourceManagerImpl.Defaults(Duration.ZERO, Duration.ofMinutes(10),
            Duration.ofSeconds(20), 1, 100), clock);
        manager.addAgent("deaf", deaf);
        manager.configurationChanged(ConfiguredResourcesTest.conf(1,
            "<resources><deaf name=\"a\" start_timeout=\"200ms\"/><deaf name=\"b\"/></resources>"));
        manager.start();
        waitFor(() -> manager.resources().stream().noneMatch(s -> s.state() == ResourceState.UNKNOWN), "probe");
        try {
            assertEquals(OcfStatus.TIMED_OUT, get(manager.run("deaf:a", ResourceOperation.START)).result().status());
            assertEquals(1, stubborn.get());
            // the only thread of the pool is still stuck in a's start: b runs on a thread added for it
            assertEquals(OcfStatus.SUCCESS, get(manager.run("deaf:b", ResourceOperation.START)).result().status());
            assertEquals(ResourceState.RUNNING, status("deaf:b").state());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aUniqueParameterSharedByTwoResourcesRefusesTheirStart() throws Exception {
        start("<resources><fake name=\"a\" port=\"80\"/><fake name=\"b\" port=\"80\"/><fake name=\"c\" port=\"81\"/></resources>");
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "fake:a: port 80 is also used by fake:b (port must be unique for type fake)"),
            get(manager.run("fake:a", ResourceOperation.START)).result());
        assertFalse(agent.running.contains("fake:a"));
        assertEquals(OcfStatus.SUCCESS, get(manager.run("fake:c", ResourceOperation.START)).result().status());
    }

    @Test
    void startsOnTwoResourcesOfATypeWithAUniqueParameterSubmittedAtOnceDoNotDeadlock() throws Exception {
        start("<resources><fake name=\"a\" port=\"80\"/><fake name=\"b\" port=\"81\"/></resources>");
        java.util.concurrent.ExecutorService submitters = java.util.concurrent.Executors.newFixedThreadPool(2, task -> {
            Thread t = new Thread(task, "race-submitter");
            t.setDaemon(true); // a deadlocked submitter must not keep the test JVM alive
            return t;
        });
        try {
            for (int i = 0; i < 200; i++) {
                for (ResourceOperation op : List.of(ResourceOperation.START, ResourceOperation.STOP)) {
                    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                    List<java.util.concurrent.Future<OperationRecord>> both = new ArrayList<>();
                    for (String name : List.of("fake:a", "fake:b")) {
                        both.add(submitters.submit(() -> {
                            go.await();
                            return manager.run(name, op).get(30, TimeUnit.SECONDS);
                        }));
                    }
                    go.countDown();
                    for (java.util.concurrent.Future<OperationRecord> f : both) {
                        OperationRecord r;
                        try {
                            r = f.get(15, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.TimeoutException e) {
                            String stacks = threadDump();
                            manager = null; // deactivate would block on the locks the stuck threads hold
                            throw new AssertionError("iteration " + i + ": " + op + " on a and b submitted at once did not "
                                + "complete within 15 s (deadlock?)\n" + stacks);
                        }
                        assertEquals(OcfStatus.SUCCESS, r.result().status(), "iteration " + i + ": " + r);
                    }
                }
            }
            assertEquals(1, agent.maxConcurrentPerResource.get("fake:a"), "still one operation at a time on a");
            assertEquals(1, agent.maxConcurrentPerResource.get("fake:b"), "still one operation at a time on b");
        } finally {
            submitters.shutdownNow();
        }
    }

    private static String threadDump() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] deadlocked = mx.findDeadlockedThreads();
        StringBuilder out = new StringBuilder("deadlocked threads: ")
            .append(deadlocked == null ? "none found" : java.util.Arrays.toString(deadlocked)).append('\n');
        for (java.lang.management.ThreadInfo t : mx.dumpAllThreads(true, true)) {
            out.append('"').append(t.getThreadName()).append("\" id=").append(t.getThreadId()).append(' ')
                .append(t.getThreadState());
            if (t.getLockName() != null) {
                out.append(" on ").append(t.getLockName()).append(" owned by ").append(t.getLockOwnerName());
            }
            out.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                out.append("    at ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void probeReportsEveryResource() throws Exception {
        start("<resources><fake name=\"a\"/><fake name=\"b\"/></resources>");
        agent.running.add("fake:b");
        List<ResourceStatus> found = manager.probe().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(ResourceState.STOPPED, ResourceState.RUNNING), found.stream().map(ResourceStatus::state).toList());
    }
}
