package org.vigil.service.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.ResourceState;
import org.vigil.api.service.ServiceOperationResult;
import org.vigil.api.service.ServiceState;
import org.vigil.api.service.ServiceStatus;
import org.vigil.api.service.ServiceVerb;

/**
 * Three service managers in one JVM over in-memory membership, quorum, messaging, fencing and
 * resource managers (see {@link FakeCluster}): placement down the tree, failover only after
 * fencing, a coordinator dying with its service, failed starts, no quorum, operator verbs,
 * monitor failures, and {@code allow_unfenced}.
 */
class ServiceManagerComponentTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private FakeCluster cluster;

    private static String conf(String rmAttributes, String fence3, String serviceAttributes) {
        String fence = "<fence><method name=\"1\"><device name=\"f\"/></method></fence>";
        return """
            <cluster name="t" config_version="1">
              <clusternodes>
                <clusternode name="node1" nodeid="1">%s</clusternode>
                <clusternode name="node2" nodeid="2">%s</clusternode>
                <clusternode name="node3" nodeid="3">%s</clusternode>
              </clusternodes>
              <fencedevices><fencedevice name="f" agent="fence_manual"/></fencedevices>
              <rm %s>
                <failoverdomains>
                  <failoverdomain name="d" ordered="1" restricted="1">
                    <failoverdomainnode name="node1" priority="1"/>
                    <failoverdomainnode name="node2" priority="2"/>
                    <failoverdomainnode name="node3" priority="3"/>
                  </failoverdomain>
                </failoverdomains>
                <resources><script name="base" file="/bin/true"/></resources>
                <service name="web" domain="d" %s>
                  <script ref="base">
                    <script name="child" file="/bin/true"/>
                  </script>
                </service>
              </rm>
            </cluster>
            """.formatted(fence, fence, fence3, rmAttributes, serviceAttributes);
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Optional<ServiceStatus> web(String observer) {
        return cluster.members.get(observer).sm.services().stream().filter(s -> s.name().equals("web")).findFirst();
    }

    private void awaitWeb(String observer, ServiceState state, String owner) {
        FakeCluster.await("web " + state + " on " + owner + " as " + observer + " sees it", WAIT,
            () -> web(observer).filter(s -> s.state() == state && s.owner().equals(Optional.ofNullable(owner))).isPresent());
    }

    private boolean runs(String node) {
        FakeCluster.FakeLrm lrm = cluster.members.get(node).lrm;
        return lrm.states.get("script:base") == ResourceState.RUNNING && lrm.states.get("script:child") == ResourceState.RUNNING;
    }

    private void startThree(String rmAttributes, String fence3, String serviceAttributes) throws Exception {
        cluster = new FakeCluster(conf(rmAttributes, fence3, serviceAttributes));
        cluster.start("node1", "node2", "node3");
        awaitWeb("node3", ServiceState.STARTED, "node1");
    }

    @Test
    void aServiceStartsDownItsTreeOnTheFirstNodeOfItsDomain() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        assertTrue(runs("node1"));
        assertEquals(List.of("start script:base", "start script:child"), cluster.members.get("node1").lrm.ops());
        assertTrue(cluster.members.get("node2").lrm.ops().isEmpty(), cluster.members.get("node2").lrm.ops().toString());
        assertTrue(cluster.members.get("node1").sm.decisions().stream()
            .anyMatch(d -> d.action().equals("start web on node1")), cluster.members.get("node1").sm.decisions().toString());
    }

    @Test
    void theOwnersServicesMoveOnlyOnceItIsFencedEvenWhenItWasTheCoordinator() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        cluster.kill("node1");   // owner and coordinator
        awaitWeb("node3", ServiceState.RECOVERING, "node1");
        // nothing moves while node1 is not fenced
        FakeCluster.await("a few decisions by node2", WAIT,
            () -> cluster.members.get("node2").sm.decisions().stream().anyMatch(d -> d.action().equals("mark web recovering")));
        assertFalse(runs("node2"));
        assertTrue(cluster.members.get("node2").lrm.ops().isEmpty());
        cluster.fence("node1");
        awaitWeb("node3", ServiceState.STARTED, "node2");
        assertTrue(runs("node2"));
        assertFalse(runs("node3"));
        assertTrue(cluster.members.get("node3").sm.decisions().stream().anyMatch(d -> d.action().equals("start web on node2")
            && d.reason().contains("node1 fenced")), cluster.members.get("node3").sm.decisions().toString());
    }

    @Test
    void aCleanShutdownMovesTheServicesAwayBeforeTheNodeLeavesAndNeedsNoFencing() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        cluster.stopCleanly("node1");   // owner and coordinator: it returns once web no longer runs there
        assertFalse(runs("node1"), cluster.members.get("node1").lrm.ops().toString());
        awaitWeb("node3", ServiceState.STARTED, "node2");
        assertTrue(runs("node2"));
        assertFalse(runs("node3"));
        assertTrue(cluster.fenced.isEmpty(), cluster.fenced.toString());
        FakeCluster.await("the decision to say why", WAIT, () -> cluster.members.get("node3").sm.decisions().stream()
            .anyMatch(d -> d.action().equals("start web on node2") && d.reason().contains("node1 shuts down")));
    }

    @Test
    void aStopThatFailsWhileShuttingDownLeavesTheServiceFailedAndNothingStartsElsewhere() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        cluster.members.get("node1").lrm.failStop.add("script:child");
        cluster.stopCleanly("node1");
        // a request decided by the new coordinator (node2) proves it has looked at web since node1 left
        FakeCluster.await("node2 to take a request as coordinator", WAIT, () -> {
            try {
                cluster.members.get("node2").sm.setLocked(true);
                return true;
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
        cluster.members.get("node2").sm.setLocked(false);
        ServiceStatus web = web("node3").orElseThrow();
        assertEquals(ServiceState.FAILED, web.state(), web.toString());
        assertEquals(Optional.of("node1"), web.owner(), web.toString());
        assertTrue(web.reason().contains("waiting for node1 to be fenced"), web.toString());
        assertTrue(cluster.members.get("node2").lrm.ops().isEmpty(), cluster.members.get("node2").lrm.ops().toString());
        assertTrue(cluster.members.get("node3").lrm.ops().isEmpty(), cluster.members.get("node3").lrm.ops().toString());
    }

    @Test
    void aNewCoordinatorDecidesOnFreshReportsOnlyNotOnOnesKeptFromBefore() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        ServiceOperationResult moved = cluster.members.get("node2").sm
            .perform(ServiceVerb.RELOCATE, "web", Optional.of("node3")).get();
        assertTrue(moved.success(), moved.toString());
        awaitWeb("node2", ServiceState.STARTED, "node3");
        // an old report of node3 (running nothing) reached node2 while node2 did not coordinate
        byte[] stale = Wire.bytes(Wire.report("report", 1, new org.vigil.service.policy.NodeReport("node3", java.util.Map.of())));
        cluster.members.get("node2").sm.onMessage(new org.vigil.api.messaging.ClusterMessage("node3", Wire.TOPIC, stale, false));
        cluster.stopCleanly("node1");   // node2 coordinates now
        FakeCluster.await("node2 to take a request as coordinator", WAIT, () -> {
            try {
                cluster.members.get("node2").sm.setLocked(false);
                return true;
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
        awaitWeb("node2", ServiceState.STARTED, "node3");
        assertTrue(cluster.members.get("node2").lrm.ops().isEmpty(), "web never started on node2: "
            + cluster.members.get("node2").lrm.ops());
        assertEquals(List.of("start script:base", "start script:child"), cluster.members.get("node3").lrm.ops());
    }

    @Test
    void aCleanShutdownOfAMemberThatRunsNothingMovesNothing() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        long started = System.nanoTime();
        cluster.stopCleanly("node3");
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "a node running nothing leaves at once");
        awaitWeb("node2", ServiceState.STARTED, "node1");
        assertEquals(List.of("start script:base", "start script:child"), cluster.members.get("node1").lrm.ops());
    }

    @Test
    void aFailedStartStopsWhatStartedAndTheServiceMovesOn() throws Exception {
        cluster = new FakeCluster(conf("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", ""));
        cluster.members.get("node1").lrm.failStart.add("script:child");
        cluster.start("node1", "node2", "node3");
        awaitWeb("node2", ServiceState.STARTED, "node2");
        List<String> ops = cluster.members.get("node1").lrm.ops();
        assertEquals(List.of("start script:base", "start script:child", "stop script:child", "stop script:base"),
            ops.subList(0, 4), ops.toString());
        assertFalse(cluster.members.get("node1").lrm.states.get("script:base") == ResourceState.RUNNING);
        assertTrue(runs("node2"));
    }

    @Test
    void withoutQuorumANodeStopsItsServicesOnItsOwn() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        cluster.setQuorate("node1", false);
        FakeCluster.await("node1 to stop web", WAIT, () -> !runs("node1")
            && cluster.members.get("node1").lrm.states.get("script:base") == ResourceState.STOPPED);
        List<String> ops = cluster.members.get("node1").lrm.ops();
        assertEquals(List.of("stop script:child", "stop script:base"), ops.subList(ops.size() - 2, ops.size()));
    }

    @Test
    void operatorVerbsFromAnyNodeAnswerWhenTheServiceGotThere() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "");
        ServiceOperationResult r = cluster.members.get("node3").sm
            .perform(ServiceVerb.RELOCATE, "web", Optional.of("node3")).get();
        assertTrue(r.success(), r.toString());
        assertEquals(Optional.of("node3"), r.owner());
        assertTrue(runs("node3"));
        assertFalse(runs("node1"));

        r = cluster.members.get("node2").sm.perform(ServiceVerb.DISABLE, "web", Optional.empty()).get();
        assertTrue(r.success(), r.toString());
        assertFalse(runs("node3"));
        awaitWeb("node1", ServiceState.DISABLED, null);

        r = cluster.members.get("node2").sm.perform(ServiceVerb.ENABLE, "web", Optional.empty()).get();
        assertTrue(r.success(), r.toString());
        assertEquals(Optional.of("node1"), r.owner());

        r = cluster.members.get("node2").sm.perform(ServiceVerb.ENABLE, "nosuch", Optional.empty()).get();
        assertFalse(r.success());
        assertTrue(r.message().contains("no service named 'nosuch'"), r.message());

        r = cluster.members.get("node2").sm.perform(ServiceVerb.RELOCATE, "web", Optional.of("node9")).get();
        assertFalse(r.success());
        assertTrue(r.message().contains("node9"), r.message());

        cluster.members.get("node3").sm.setLocked(true);
        FakeCluster.await("the lock to reach node2", WAIT, () -> cluster.members.get("node2").sm.isLocked());
        r = cluster.members.get("node2").sm.perform(ServiceVerb.RELOCATE, "web", Optional.of("node2")).get();
        assertFalse(r.success(), r.toString());
        assertTrue(r.message().contains("lock"), r.message());
        cluster.members.get("node3").sm.setLocked(false);
    }

    @Test
    void aMonitorFailureIsRestartedInPlaceThenRelocatedAfterMaxRestarts() throws Exception {
        startThree("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>",
            "recovery=\"restart\" max_restarts=\"1\" restart_expire_time=\"300\"");
        FakeCluster.FakeLrm lrm1 = cluster.members.get("node1").lrm;
        lrm1.monitorFails("script:child");
        FakeCluster.await("web restarted on node1", WAIT, () -> runs("node1")
            && lrm1.ops().stream().filter(o -> o.equals("start script:child")).count() == 2);
        awaitWeb("node2", ServiceState.STARTED, "node1");
        lrm1.monitorFails("script:child");
        awaitWeb("node2", ServiceState.STARTED, "node2");
        assertTrue(runs("node2"));
        assertFalse(runs("node1"));
    }

    @Test
    void aNodeWithoutFencingKeepsItsServicesUnlessRunningUnfencedIsAllowed() throws Exception {
        // node1 has no fence device: its service waits (the log says why)
        cluster = new FakeCluster(conf("", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "")
            .replaceFirst("<clusternode name=\"node1\" nodeid=\"1\"><fence>.*?</fence>", "<clusternode name=\"node1\" nodeid=\"1\">"));
        cluster.start("node1", "node2", "node3");
        awaitWeb("node3", ServiceState.STARTED, "node1");
        cluster.kill("node1");
        awaitWeb("node3", ServiceState.RECOVERING, "node1");
        assertFalse(runs("node2"));
        cluster.close();

        cluster = new FakeCluster(conf("allow_unfenced=\"1\"", "<fence><method name=\"1\"><device name=\"f\"/></method></fence>", "")
            .replaceFirst("<clusternode name=\"node1\" nodeid=\"1\"><fence>.*?</fence>", "<clusternode name=\"node1\" nodeid=\"1\">"));
        cluster.start("node1", "node2", "node3");
        awaitWeb("node3", ServiceState.STARTED, "node1");
        cluster.kill("node1");
        awaitWeb("node3", ServiceState.STARTED, "node2");
    }
}
