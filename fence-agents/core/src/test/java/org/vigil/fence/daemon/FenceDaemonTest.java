package org.vigil.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.fence.daemon.FakeCluster.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceDeviceInfo;
import org.vigil.api.fence.FenceOutcome;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.FencingInProgress;
import org.vigil.api.fence.PowerState;
import org.vigil.api.messaging.ClusterMessage;

/**
 * The daemon end to end in one JVM: several daemons over fake membership, quorum and messaging,
 * with fence agents written in the test (power switches kept in memory).
 */
class FenceDaemonTest {

    static final String SECRET = "hunter2-secret";

    static String conf(String fenceDaemon) {
        return """
            <?xml version="1.0"?>
            <cluster name="t" config_version="1">
              %s
              <clusternodes>
                <clusternode name="n1" nodeid="1"><fence><method name="power"><device name="sw" port="n1"/></method></fence></clusternode>
                <clusternode name="n2" nodeid="2"><fence><method name="power"><device name="sw" port="n2"/></method></fence></clusternode>
                <clusternode name="n3" nodeid="3">
                  <fence>
                    <method name="bmc"><device name="bmc3" action="off"/></method>
                    <method name="pdu"><device name="pduA" port="3"/><device name="pduB" port="3"/></method>
                  </fence>
                  <unfence><device name="pduA" port="3" action="on"/></unfence>
                </clusternode>
                <clusternode name="n4" nodeid="4"/>
                <clusternode name="n5" nodeid="5"><fence><method name="human"><device name="human" nodename="n5"/></method></fence></clusternode>
              </clusternodes>
              <fencedevices>
                <fencedevice name="sw" agent="sw" passwd="%s"/>
                <fencedevice name="bmc3" agent="bmc" passwd="bmc-pw-123" timeout="0.5"/>
                <fencedevice name="pduA" agent="pdu"/>
                <fencedevice name="pduB" agent="pdu"/>
                <fencedevice name="human" agent="fence_manual"/>
              </fencedevices>
            </cluster>
            """.formatted(fenceDaemon, SECRET);
    }

    static final String DEFAULT = conf("<fence_daemon post_fail_delay=\"0\" post_join_delay=\"600\"/>");

    @TempDir
    Path dir;

    private FakeCluster.Node up(FakeCluster c, String name, FakeAgent... agents) {
        return c.start(name, FakeCluster.settings(dir.resolve(name + "-history")), agents);
    }

    private static List<String> all(String... n) {
        return List.of(n);
    }

    private static boolean hasOutcome(FakeCluster.Node n, String node, boolean success, String text) {
        return n.daemon.history().stream().anyMatch(o -> o.node().equals(node) && o.success() == success
            && o.message().contains(text));
    }

    @Test
    void theCoordinatorFencesALostNodeAndEveryMemberLearnsIt() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        List<FenceOutcome> told = new CopyOnWriteArrayList<>();
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            FakeCluster.Node n2 = up(c, "n2");
            n2.daemon.addListener(told::add);
            c.view(all("n1", "n2", "n3"), true, "n1", "n2");
            c.view(all("n1", "n2"), true, "n1", "n2");
            await(() -> n1.daemon.isSafelyFenced("n3") && n2.daemon.isSafelyFenced("n3"), "n3 is fenced on n1 and n2");
            assertEquals(List.of("OFF null", "STATUS null"), bmc.calls, "off (action=\"off\"), then the confirmation");
            assertEquals(PowerState.OFF, bmc.power(null));
            await(() -> hasOutcome(n2, "n3", true, "fenced by bmc3 (off, confirmed off)"), "n2 has the outcome");
            FenceOutcome o = n1.daemon.history().get(n1.daemon.history().size() - 1);
            assertEquals("n1", o.by());
            assertEquals(FenceAction.OFF, o.action());
            assertEquals("bmc3", o.device());
            await(() -> told.stream().anyMatch(FenceOutcome::success), "the listener on n2 is told");
            String file = Files.readString(dir.resolve("n1-history"), StandardCharsets.UTF_8);
            assertTrue(file.contains("\"node\":\"n3\"") && file.contains("\"success\":true"), file);
            assertFalse(n1.daemon.isSafelyFenced("n2"));
            assertTrue(n1.daemon.pending().isEmpty());
        }
    }

    /**
     * The interleaving of a double fencing once seen under load, driven step by step: the job fences
     * n2 and its thread ends while the decider still has a decision queued from before (a quorum
     * notification). That decision used to see the ended job, forget it, find n2 still pending (the
     * job's "fenced" report was queued behind it) and start a second job that switched n2 off again.
     */
    @Test
    void aJobThatEndsWhileADecisionIsQueuedIsNotFollowedByASecondJob() throws Exception {
        FakeAgent sw = new FakeAgent("sw");
        sw.mode = FakeAgent.Mode.FAILING;
        sw.failuresLeft.set(1);
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FenceAgent gated = new FenceAgent() {
            @Override
            public FenceAgentMetadata metadata() {
                return sw.metadata();
            }

            @Override
            public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug,
                                       Duration timeout) {
                if (action == FenceAction.OFF && sw.count("OFF n2") == 1) {
                    awaitLatch(queued); // round 2 only once the decisions below are queued
                }
                return sw.execute(action, parameters, plug, timeout);
            }
        };
        FenceOutcome marker = new FenceOutcome("n5", FenceAction.OFF, false, "human", "n3", Instant.now(), "marker");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = c.start("n1", FakeCluster.settings(dir.resolve("n1-history")), gated);
            n1.daemon.addListener(o -> {
                // called on the decider thread
                if (o.node().equals("n2") && !o.success() && queued.getCount() > 0) {
                    // round 1 failed: queue a decision (a quorum notification) and a marker, then hold the
                    // decider until the job has fenced n2 in round 2 and its thread has ended
                    n1.daemon.quorumChanged(n1.quorum, n1.quorum);
                    try {
                        n1.daemon.onMessage(new ClusterMessage("n3", FenceMessage.TOPIC,
                            FenceMessage.encode(new FenceMessage.Outcome(marker, 1, true)), false));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    queued.countDown();
                    awaitLatch(release);
                } else if (o.message().equals("marker") && n1.daemon.jobsRunning().contains("n2")) {
                    // the queued decision started a second job before "fenced" was taken: let it do its harm
                    awaitQuietly(() -> sw.count("OFF n2") >= 3);
                }
            });
            c.view(all("n1", "n2"), true, "n1");
            c.view(all("n1"), true, "n1");
            assertTrue(queued.await(15, TimeUnit.SECONDS), "round 1 failed");
            await(() -> sw.calls.contains("ON n2") && !aFenceJobIsRunning(), "round 2 fenced n2 and the job ended");
            release.countDown();
            await(() -> n1.daemon.isSafelyFenced("n2"), "n2 is fenced");
            n1.daemon.sync();
            await(() -> !aFenceJobIsRunning(), "no job runs");
            assertEquals(List.of("OFF n2", "OFF n2", "STATUS n2", "ON n2"), sw.calls,
                "a failed off, then one off, its confirmation and the on: never a second job");
            assertEquals(java.util.Set.of(), n1.daemon.jobsRunning());
            assertEquals(1, n1.daemon.history().stream().filter(o -> o.node().equals("n2") && o.success()).count());
        }
    }

    private static boolean aFenceJobIsRunning() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
            .anyMatch(f -> f.getClassName().equals(FenceJob.class.getName()) && f.getMethodName().equals("run")));
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            if (!l.await(15, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the test's next step");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a condition up to 15 s without failing (the assertions after it say what went wrong). */
    private static void awaitQuietly(java.util.function.BooleanSupplier condition) {
        try {
            await(condition, "");
        } catch (AssertionError timedOut) {
            // the assertions that follow report it
        }
    }

    @Test
    void whenTheFirstLevelFailsBothOutletsOfTheSecondAreSwitchedOffThenOn() {
        FakeAgent bmc = new FakeAgent("bmc");
        bmc.mode = FakeAgent.Mode.FAILING;
        bmc.failuresLeft.set(1000);
        FakeAgent pdu = new FakeAgent("pdu");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc, pdu);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> n1.daemon.isSafelyFenced("n3"), "n3 is fenced");
            assertEquals(List.of("OFF 3", "STATUS 3", "OFF 3", "STATUS 3", "ON 3", "ON 3"), pdu.calls,
                "both outlets off and confirmed before either is switched on");
            assertTrue(hasOutcome(n1, "n3", true, "fenced by pduA:3 + pduB:3 (reboot: off, confirmed off, on)"),
                n1.daemon.history().toString());
            assertEquals(1, bmc.count("OFF null"), "one round");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void failedRoundsAreRetriedWithBackOffUntilOneSucceeds() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        bmc.mode = FakeAgent.Mode.FAILING;
        bmc.failuresLeft.set(2);
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> n1.daemon.isSafelyFenced("n3"), "n3 is fenced");
            assertEquals(3, bmc.count("OFF null"), "two failed rounds, then success");
            List<FenceOutcome> h = n1.daemon.history();
            assertEquals(2, h.stream().filter(o -> !o.success()).count(), "each failed round is recorded: " + h);
            assertTrue(h.get(0).message().contains("bmc3 off failed: device unreachable"), h.get(0).message());
            assertTrue(h.get(0).message().contains("agent missing"), "level 2's pdu agent is not installed: "
                + h.get(0).message());
            assertTrue(h.get(2).success());
        }
    }

    @Test
    void anAgentThatLiesAboutOffNeverFencesTheNode() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        bmc.mode = FakeAgent.Mode.LYING;
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> bmc.count("STATUS null") >= 3, "three rounds tried");
            assertFalse(n1.daemon.isSafelyFenced("n3"));
            assertTrue(hasOutcome(n1, "n3", false, "bmc3 reported off, but the off is not confirmed: status reads ON"),
                n1.daemon.history().toString());
            List<FencingInProgress> p = n1.daemon.pending();
            assertEquals(1, p.size());
            assertEquals("n3", p.get(0).node());
            assertEquals("n1", p.get(0).by());
            assertFalse(p.get(0).needsOperator());
            assertTrue(p.get(0).attempts() >= 1);
        }
    }

    @Test
    void aHangingAgentTimesOutAndTheNextLevelFences() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        bmc.mode = FakeAgent.Mode.HANGING;
        FakeAgent pdu = new FakeAgent("pdu");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc, pdu);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> n1.daemon.isSafelyFenced("n3"), "n3 is fenced by the second level");
            assertTrue(hasOutcome(n1, "n3", true, "fenced by pduA:3 + pduB:3"), n1.daemon.history().toString());
        } finally {
            bmc.release.countDown();
        }
    }

    @Test
    void aHangingAgentIsReportedAsTimedOut() {
        FakeAgent bmc = new FakeAgent("bmc");
        bmc.mode = FakeAgent.Mode.HANGING;
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> hasOutcome(n1, "n3", false, "bmc3 off failed: off timed out after 0.5 s"), "the timeout is recorded");
            assertFalse(n1.daemon.isSafelyFenced("n3"));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            bmc.release.countDown();
        }
    }

    @Test
    void aMissingAgentIsAFailureUntilItsBundleArrives() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1");
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> hasOutcome(n1, "n3", false, "agent missing: no fence agent of type 'bmc' is installed on n1"),
                "agent missing recorded");
            assertFalse(n1.daemon.isSafelyFenced("n3"));
            n1.daemon.addAgent(bmc, java.util.Map.of("vigil.fence.type", "bmc"));
            await(() -> n1.daemon.isSafelyFenced("n3"), "n3 fenced once the agent is installed");
            n1.daemon.removeAgent(bmc);
            FenceResult r = n1.daemon.execute("bmc3", FenceAction.STATUS, null);
            assertFalse(r.success());
            assertTrue(r.message().startsWith("agent missing"), r.message());
        }
    }

    @Test
    void aManualDeviceWaitsForAnOperatorsAckFromAnyNode() throws Exception {
        FakeAgent manual = new FakeAgent("manual");
        manual.mode = FakeAgent.Mode.MANUAL;
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", manual);
            FakeCluster.Node n2 = up(c, "n2");
            c.view(all("n1", "n2", "n5"), true, "n1", "n2");
            c.view(all("n1", "n2"), true, "n1", "n2");
            await(() -> hasOutcome(n2, "n5", false, "waiting for an operator: run fence:ack n5"), "n2 knows n5 waits");
            await(() -> manual.count("OFF null") >= 2, "it keeps retrying");
            await(() -> logContains("WARN org.vigil.fence.daemon.FenceDaemon - Fencing n5 needs an operator: run fence:ack"
                + " n5 after making sure n5 is powered off"), "the log says loudly what the operator must do");
            List<FencingInProgress> p = n2.daemon.pending();
            assertEquals(1, p.size(), p.toString());
            assertTrue(p.get(0).needsOperator(), p.toString());
            assertEquals("n1", p.get(0).by());
            assertTrue(n1.daemon.pending().get(0).needsOperator());
            assertFalse(n1.daemon.isSafelyFenced("n5"));

            n2.daemon.acknowledge("n5");
            assertTrue(n2.daemon.isSafelyFenced("n5"), "at once on the node that took the ack");
            await(() -> n1.daemon.isSafelyFenced("n5") && n1.daemon.jobsRunning().isEmpty(), "n1 stops fencing n5");
            assertTrue(hasOutcome(n1, "n5", true, "acknowledged by an operator on n2"));
            assertEquals(FenceDaemon.ACK_DEVICE, n1.daemon.history().get(n1.daemon.history().size() - 1).device());
            assertThrows(IllegalArgumentException.class, () -> n2.daemon.acknowledge("n1"), "a member is not acked");
            assertThrows(IllegalArgumentException.class, () -> n2.daemon.acknowledge("nobody"));
        }
    }

    @Test
    void aPartitionWithoutQuorumFencesNothing() throws Exception {
        FakeAgent sw = new FakeAgent("sw");
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", sw, bmc);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1"), false, "n1");
            n1.daemon.sync();
            assertEquals(java.util.Set.of("n2", "n3"), n1.daemon.pendingNodes());
            assertEquals(java.util.Set.of(), n1.daemon.jobsRunning());
            assertEquals(List.of(), sw.calls);
            assertEquals(List.of(), bmc.calls);
            assertTrue(n1.daemon.pending().get(0).status().contains("not quorate"), n1.daemon.pending().toString());
            // quorum comes back (a quorum device, say): now it fences
            c.view(all("n1"), true, "n1");
            await(() -> n1.daemon.isSafelyFenced("n2") && n1.daemon.isSafelyFenced("n3"), "fenced once quorate");
        }
    }

    @Test
    void aCoordinatorThatLosesQuorumStopsRetrying() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        bmc.mode = FakeAgent.Mode.LYING;
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> bmc.count("STATUS null") >= 2, "n1 retries fencing n3");
            c.view(all("n1"), false, "n1");
            n1.daemon.sync();
            assertEquals(java.util.Set.of(), n1.daemon.jobsRunning(), "the job is called off");
            assertEquals(java.util.Set.of("n2", "n3"), n1.daemon.pendingNodes(), "both still to be fenced");
            assertFalse(n1.daemon.isSafelyFenced("n3"));
        }
    }

    @Test
    void aMemberThatIsNotCoordinatorOnlyTracks() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n2 = up(c, "n2", bmc);
            c.view(all("n1", "n2", "n3"), true, "n2");
            c.view(all("n1", "n2"), true, "n2");
            n2.daemon.sync();
            assertEquals(java.util.Set.of("n3"), n2.daemon.pendingNodes());
            assertEquals(java.util.Set.of(), n2.daemon.jobsRunning());
            assertEquals(List.of(), bmc.calls);
            assertTrue(n2.daemon.pending().get(0).status().contains("coordinator n1"), n2.daemon.pending().toString());
        }
    }

    @Test
    void whenTheCoordinatorDiesMidFencingTheNextOneFencesBothNodes() throws Exception {
        FakeAgent stuck = new FakeAgent("bmc");
        stuck.mode = FakeAgent.Mode.FAILING;
        stuck.failuresLeft.set(1_000_000);
        FakeAgent bmc = new FakeAgent("bmc");
        FakeAgent sw = new FakeAgent("sw");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", stuck);
            FakeCluster.Node n2 = up(c, "n2", bmc, sw);
            c.view(all("n1", "n2", "n3"), true, "n1", "n2");
            c.view(all("n1", "n2"), true, "n1", "n2");
            await(() -> stuck.count("OFF null") >= 1, "n1 is fencing n3");
            assertEquals(List.of(), bmc.calls);
            c.crash("n1");
            c.view(all("n2"), true, "n2");
            await(() -> n2.daemon.isSafelyFenced("n1") && n2.daemon.isSafelyFenced("n3"), "n2 fenced n1 and n3");
            assertEquals(List.of("OFF n1", "STATUS n1", "ON n1"), sw.calls, "n1 rebooted: off, confirmed, on");
            assertTrue(bmc.calls.contains("OFF null"));
        }
    }

    @Test
    void aNodeThatRejoinsBeforeItIsFencedIsNotFenced() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(conf("<fence_daemon post_fail_delay=\"30\" post_join_delay=\"600\"/>"))) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            n1.daemon.sync();
            assertEquals(java.util.Set.of("n3"), n1.daemon.jobsRunning());
            await(() -> n1.daemon.pending().get(0).status().contains("post_fail_delay"), "waiting post_fail_delay");
            c.view(all("n1", "n2", "n3"), true, "n1");
            n1.daemon.sync();
            assertEquals(java.util.Set.of(), n1.daemon.pendingNodes());
            assertEquals(java.util.Set.of(), n1.daemon.jobsRunning());
            assertFalse(n1.daemon.isSafelyFenced("n3"));
            assertEquals(List.of(), bmc.calls);
        }
    }

    @Test
    void startupFencingFencesNodesThatDidNotJoinWithinPostJoinDelay() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        FakeAgent manual = new FakeAgent("manual");
        manual.mode = FakeAgent.Mode.MANUAL;
        try (FakeCluster c = new FakeCluster(conf("<fence_daemon post_join_delay=\"0.2\"/>"))) {
            FakeCluster.Node n1 = up(c, "n1", bmc, manual);
            FakeCluster.Node n2 = up(c, "n2");
            c.view(all("n1", "n2"), true, "n1", "n2");
            await(() -> n1.daemon.isSafelyFenced("n3"), "n3 (never joined) is fenced");
            await(() -> n2.daemon.pendingNodes().containsAll(List.of("n4", "n5")), "n2 learns of the startup losses");
            FencingInProgress n4 = n1.daemon.pending().stream().filter(p -> p.node().equals("n4")).findFirst().orElseThrow();
            assertTrue(n4.needsOperator());
            assertTrue(n4.status().contains("no fence methods"), n4.status());
            assertFalse(n1.daemon.jobsRunning().contains("n4"));
            n1.daemon.acknowledge("n4");
            assertTrue(n1.daemon.isSafelyFenced("n4"));
        }
    }

    @Test
    void aNewCoordinatorRunsTheStartupCheckItsPredecessorDidNotLiveToRun() throws Exception {
        FakeAgent sw = new FakeAgent("sw");
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(conf("<fence_daemon post_fail_delay=\"0\" post_join_delay=\"1\"/>"))) {
            up(c, "n1");
            FakeCluster.Node n2 = up(c, "n2", sw, bmc);
            c.view(all("n1", "n2"), true, "n1", "n2");   // n1 coordinates: it schedules the check and tells n2
            await(() -> n2.daemon.startupCheckDue().isPresent(), "n2 to know when the startup check is due");
            c.crash("n1");                                 // before the check
            c.view(all("n2"), true, "n2");
            await(() -> n2.daemon.isSafelyFenced("n1"), "n1 (lost) is fenced by n2");
            await(() -> n2.daemon.isSafelyFenced("n3"), "n3 (never joined) is fenced by n2, the new coordinator");
            assertTrue(n2.daemon.startupCheckDue().isEmpty(), "the check is done");
            assertTrue(n2.daemon.pendingNodes().containsAll(List.of("n4", "n5")), n2.daemon.pendingNodes().toString());
        }
    }

    @Test
    void aMemberThatIsNotTheCoordinatorNeverRunsTheStartupCheck() throws Exception {
        FakeAgent sw = new FakeAgent("sw");
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(conf("<fence_daemon post_fail_delay=\"0\" post_join_delay=\"0.3\"/>"))) {
            FakeCluster.Node n1 = up(c, "n1");
            FakeCluster.Node n2 = up(c, "n2", sw, bmc);
            c.view(all("n1", "n2"), true, "n1", "n2");
            await(() -> n1.daemon.pendingNodes().contains("n3"), "the coordinator's check finds n3 missing");
            await(() -> n2.daemon.startupCheckDue().isEmpty(), "n2 learns the check is done");
            n2.daemon.sync();
            assertEquals(List.of(), bmc.calls, "only the coordinator fences (n1 has no agent for n3 here)");
        }
    }

    @Test
    void cleanStartDisablesStartupFencing() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(conf("<fence_daemon post_join_delay=\"0\" clean_start=\"1\"/>"))) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            c.view(all("n1", "n2"), true, "n1");
            n1.daemon.sync();
            n1.daemon.sync();
            assertEquals(java.util.Set.of(), n1.daemon.pendingNodes());
        }
    }

    @Test
    void aJoiningNodeLearnsWhichLostNodesAreNotFencedYet() throws Exception {
        FakeAgent stuck = new FakeAgent("bmc");
        stuck.mode = FakeAgent.Mode.FAILING;
        stuck.failuresLeft.set(1_000_000);
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", stuck);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> stuck.count("OFF null") >= 1, "n1 fences n3");
            FakeCluster.Node n4 = up(c, "n4");
            c.view(all("n1", "n2", "n4"), true, "n1", "n4");
            await(() -> n4.daemon.pendingNodes().contains("n3"), "n4 learns n3 is still to be fenced");
        }
    }

    @Test
    void aMemberWhoseMessagingCameUpLateLearnsTheOutcome() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            FakeCluster.Node n2 = up(c, "n2");
            n2.daemon.unsetMessaging(n2);
            n1.daemon.unsetMessaging(n1);
            c.view(all("n1", "n2", "n3"), true, "n1", "n2");
            c.view(all("n1", "n2"), true, "n1", "n2");
            await(() -> n1.daemon.isSafelyFenced("n3"), "n1 fenced n3 before messaging was up");
            n2.daemon.sync();
            assertFalse(n2.daemon.isSafelyFenced("n3"));
            n2.daemon.setMessaging(n2);
            await(() -> n2.daemon.isSafelyFenced("n3") && hasOutcome(n2, "n3", true, "fenced by bmc3"),
                "n2 learns it from n1 once its messaging is up");
            n1.daemon.setMessaging(n1);
            n1.daemon.sync();
            await(() -> n2.daemon.history().stream().filter(o -> o.success()).count() == 1, "recorded once");
        }
    }

    @Test
    void theHistorySurvivesARestart() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.view(all("n1", "n2"), true, "n1");
            await(() -> n1.daemon.isSafelyFenced("n3"), "n3 is fenced");
        }
        FenceHistory again = new FenceHistory(200, dir.resolve("n1-history"));
        assertEquals(1, again.list().size());
        assertTrue(again.list().get(0).success());
        assertEquals("n3", again.list().get(0).node());
    }

    @Test
    void aNodeUnfencesItselfWhenTheClusterBecomesQuorate() throws Exception {
        FakeAgent pdu = new FakeAgent("pdu");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            up(c, "n3", pdu);
            c.view(all("n1", "n2", "n3"), false, "n3");
            c.nodes.get("n3").daemon.sync();
            assertEquals(List.of(), pdu.calls, "not while inquorate");
            c.view(all("n1", "n2", "n3"), true, "n3");
            await(() -> pdu.calls.contains("ON 3"), "pduA:3 switched on");
            assertEquals(1, pdu.calls.size(), "only the <unfence> device: " + pdu.calls);
        }
    }

    @Test
    void fencingOnRequestRunsOneRoundAndSaysWhatHappened() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        FakeAgent sw = new FakeAgent("sw");
        sw.mode = FakeAgent.Mode.FAILING;
        sw.failuresLeft.set(1);
        sw.leakPassword = true;
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc, sw);
            c.view(all("n1", "n2", "n3"), true, "n1");
            FenceOutcome o = n1.daemon.fence("n3", FenceAction.OFF).get(10, TimeUnit.SECONDS);
            assertTrue(o.success(), o.message());
            assertEquals("fenced by bmc3 (off, confirmed off)", o.message());
            n1.daemon.sync();
            assertFalse(n1.daemon.isSafelyFenced("n3"), "still a member: not safe until it leaves the view");
            c.view(all("n1", "n2"), true, "n1");
            n1.daemon.sync();
            assertTrue(n1.daemon.isSafelyFenced("n3"), "it left right after: fenced, not fenced again");
            assertEquals(java.util.Set.of(), n1.daemon.jobsRunning());
            assertEquals(2, bmc.calls.size(), "only the requested off and its status: " + bmc.calls);

            FenceOutcome failed = n1.daemon.fence("n2", FenceAction.REBOOT).get(10, TimeUnit.SECONDS);
            assertFalse(failed.success());
            assertTrue(failed.message().contains("****"), failed.message());
            assertFalse(failed.message().contains(SECRET), "the password never shows: " + failed.message());

            FenceOutcome none = n1.daemon.fence("n4", FenceAction.REBOOT).get(10, TimeUnit.SECONDS);
            assertFalse(none.success());
            assertTrue(none.message().contains("no fence methods"), none.message());
            assertThrows(IllegalArgumentException.class, () -> n1.daemon.fence("nobody", FenceAction.OFF));
            assertThrows(IllegalArgumentException.class, () -> n1.daemon.fence("n3", FenceAction.STATUS));
        }
    }

    @Test
    void devicesAreListedWithTheirAgentAndMaskedSecretsAndCanBeQueried() throws Exception {
        FakeAgent bmc = new FakeAgent("bmc");
        FakeAgent manual = new FakeAgent("manual");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", bmc, manual);
            List<FenceDeviceInfo> d = n1.daemon.devices();
            assertEquals(List.of("sw", "bmc3", "pduA", "pduB", "human"), d.stream().map(FenceDeviceInfo::name).toList());
            assertEquals("****", d.get(0).parameters().get("passwd"));
            assertFalse(d.get(0).installed());
            assertTrue(d.get(1).installed());
            assertEquals("manual", d.get(4).type());
            assertTrue(d.get(4).installed());
            assertFalse(d.toString().contains(SECRET));
            FenceResult s = n1.daemon.execute("bmc3", FenceAction.STATUS, null);
            assertTrue(s.success());
            assertEquals(PowerState.ON, s.power());
            assertFalse(n1.daemon.execute("nope", FenceAction.STATUS, null).success());
            assertFalse(n1.daemon.execute("bmc3", FenceAction.OFF, null).success(), "OFF goes through fence()");
            assertEquals(List.of("STATUS null"), bmc.calls);
        }
    }

    @Test
    void aCleanLeaveIsSafeWithoutFencing() throws Exception {
        FakeAgent sw = new FakeAgent("sw");
        try (FakeCluster c = new FakeCluster(DEFAULT)) {
            FakeCluster.Node n1 = up(c, "n1", sw);
            c.view(all("n1", "n2", "n3"), true, "n1");
            c.nodes.get("n1").leftCleanly.add("n2");
            c.view(all("n1", "n3"), true, "n1");
            n1.daemon.sync();
            assertTrue(n1.daemon.isSafelyFenced("n2"));
            assertEquals(java.util.Set.of(), n1.daemon.pendingNodes());
            assertEquals(List.of(), sw.calls);
        }
    }

    static boolean logContains(String text) {
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/fence-test.log"));
        try {
            return Files.isRegularFile(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @AfterAll
    static void noSecretEverReachedTheLog() throws Exception {
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/fence-test.log"));
        if (Files.isRegularFile(log)) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertFalse(text.contains(SECRET), "a password reached the log " + log);
            assertFalse(text.contains("bmc-pw-123"), "a password reached the log " + log);
        }
    }
}
