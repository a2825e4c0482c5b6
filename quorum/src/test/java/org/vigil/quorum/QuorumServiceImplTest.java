package org.vigil.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.quorum.QuorumDevice;
import org.vigil.api.quorum.QuorumDeviceVote;
import org.vigil.api.quorum.QuorumFlag;
import org.vigil.api.quorum.QuorumState;

class QuorumServiceImplTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<QuorumState[]> changes = new ArrayList<>();
    private QuorumServiceImpl service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    /** A service that calls listeners on the caller's thread and runs no timer. */
    private QuorumServiceImpl direct(Fakes.Membership m, Fakes.Store s) {
        service = QuorumServiceImpl.create(m, s, clock::get, Runnable::run);
        service.addListener((previous, current) -> changes.add(new QuorumState[] {previous, current}));
        return service;
    }

    private static class Device implements QuorumDevice {
        private final String name;
        volatile QuorumDeviceVote vote = new QuorumDeviceVote(false, "master node3(3) does not list this node");

        Device(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int votes() {
            return 3;
        }

        @Override
        public QuorumDeviceVote currentVote() {
            return vote;
        }
    }

    @Test
    void notQuorateUntilJoined() {
        Fakes.Membership m = new Fakes.Membership(1);
        m.joined = false;
        QuorumServiceImpl q = direct(m, new Fakes.Store(Fakes.config(1, 3, QuorumSettings.defaults(), Optional.empty())));
        q.recompute();
        assertFalse(q.isQuorate());
        assertEquals("not joined", q.state().reason());
        assertTrue(changes.isEmpty(), "the initial state is already 'not joined'");

        m.joined = true;
        m.view(1, 2, 3);
        q.recompute();
        assertTrue(q.isQuorate());
        assertEquals("quorate: 3 of 3 votes, quorum 2", q.state().reason());
        assertEquals(1, changes.size());
    }

    @Test
    void missingConfigurationGivesTheStoresProblems() {
        Fakes.Membership m = new Fakes.Membership(1);
        m.view(1, 2);
        Fakes.Store s = new Fakes.Store(null);
        s.problems = List.of(new ConfigProblem("/etc/vigil/cluster.conf", 7, "/cluster/clusternodes/clusternode[2]",
            "node id 1 is used twice"));
        QuorumServiceImpl q = direct(m, s);
        q.recompute();
        assertFalse(q.isQuorate());
        assertEquals("no cluster configuration: /etc/vigil/cluster.conf:7: /cluster/clusternodes/clusternode[2]: "
            + "node id 1 is used twice", q.state().reason());
        assertEquals(2, q.state().memberCount());

        s.problems = List.of();
        q.recompute();
        assertEquals("no cluster configuration: /etc/vigil/cluster.conf could not be loaded", q.state().reason());
    }

    @Test
    void localNodeMissingFromTheConfiguration() {
        Fakes.Membership m = new Fakes.Membership(4);
        m.view(4);
        QuorumServiceImpl q = direct(m, new Fakes.Store(Fakes.config(1, 3, QuorumSettings.defaults(), Optional.empty())));
        q.recompute();
        assertFalse(q.isQuorate());
        assertEquals("this node node4(4) is not in the cluster configuration test", q.state().reason());
    }

    @Test
    void followsViewsAndTellsListenersEachChange() {
        Fakes.Membership m = new Fakes.Membership(1);
        QuorumServiceImpl q = direct(m, new Fakes.Store(Fakes.config(1, 3, QuorumSettings.defaults(), Optional.empty())));
        m.view(1, 2, 3);
        q.recompute();
        m.view(1, 2);
        q.recompute();
        q.recompute();
        m.view(1);
        q.recompute();
        m.view(1, 3);
        q.recompute();

        assertEquals(4, changes.size(), "a recomputation without a change tells nobody");
        assertEquals("not joined", changes.get(0)[0].reason());
        assertEquals("quorate: 3 of 3 votes, quorum 2", changes.get(0)[1].reason());
        assertEquals("quorate: 2 of 3 votes, quorum 2", changes.get(1)[1].reason());
        assertEquals("not quorate: 1 of 3 votes, quorum is 2", changes.get(2)[1].reason());
        assertEquals("quorate: 2 of 3 votes, quorum 2", changes.get(3)[1].reason());
        for (int i = 1; i < changes.size(); i++) {
            assertEquals(changes.get(i - 1)[1], changes.get(i)[0], "each change starts where the last ended");
        }
        QuorumState last = q.state();
        assertEquals(4, last.viewGeneration());
        assertEquals(3, last.expectedVotes());
        assertEquals(2, last.totalVotes());
        assertEquals(2, last.quorum());
        assertEquals(1, last.nodeVotes());
        assertEquals(2, last.memberCount());
        assertEquals(Set.of(QuorumFlag.QUORATE), last.flags());
    }

    @Test
    void usesTheQuorumDiskNamedQdisk() {
        Fakes.Membership m = new Fakes.Membership(2);
        QuorumDiskSettings disk = new QuorumDiskSettings("/shared/qdisk", "qdisk", 3, Duration.ofSeconds(1), 10);
        QuorumServiceImpl q = direct(m, new Fakes.Store(Fakes.config(1, 4, QuorumSettings.defaults(), Optional.of(disk))));
        m.view(1, 2, 3, 4);
        q.recompute();
        m.view(2);
        q.recompute();
        assertFalse(q.isQuorate());
        assertEquals("not quorate: 1 of 7 votes, quorum is 4; quorum device qdisk gives no votes: "
            + "the quorum disk is not running on this node", q.state().reason());

        Device other = new Device("qnetd");
        other.vote = new QuorumDeviceVote(true, "granted");
        q.addDevice(other);
        Device qdisk = new Device("qdisk");
        q.addDevice(qdisk);
        q.recompute();
        assertFalse(q.isQuorate());
        assertTrue(q.state().reason().endsWith("gives no votes: master node3(3) does not list this node"),
            q.state().reason());

        qdisk.vote = new QuorumDeviceVote(true, "master node2(2) lists this node");
        q.recompute();
        assertTrue(q.isQuorate());
        assertEquals("quorate: 4 of 7 votes, quorum 4; quorum device qdisk gives 3 votes", q.state().reason());
        assertEquals(3, q.state().quorumDeviceVotes());
        assertEquals(Set.of(QuorumFlag.QUORATE, QuorumFlag.QUORUM_DEVICE, QuorumFlag.QUORUM_DEVICE_VOTING),
            q.state().flags());

        q.removeDevice(qdisk);
        q.recompute();
        assertFalse(q.isQuorate());
        assertEquals(0, q.state().quorumDeviceVotes());
    }

    @Test
    void aFailingDeviceGivesNoVotes() {
        Fakes.Membership m = new Fakes.Membership(1);
        QuorumDiskSettings disk = new QuorumDiskSettings("/shared/qdisk", "qdisk", 1, Duration.ofSeconds(1), 10);
        QuorumServiceImpl q = direct(m, new Fakes.Store(Fakes.config(1, 2, QuorumSettings.defaults(), Optional.of(disk))));
        q.addDevice(new Device("qdisk") {
            @Override
            public QuorumDeviceVote currentVote() {
                throw new IllegalStateException("disk gone");
            }
        });
        m.view(1);
        q.recompute();
        assertFalse(q.isQuorate());
        assertTrue(q.state().reason().contains("gives no votes: the device failed: java.lang.IllegalStateException: disk gone"),
            q.state().reason());
    }

    @Test
    void lastManStandingWaitsForTheWindow() {
        Fakes.Membership m = new Fakes.Membership(1);
        QuorumServiceImpl q = direct(m, new Fakes.Store(Fakes.config(1, 8,
            Fakes.lastManStanding(Duration.ofSeconds(10)), Optional.empty())));
        m.view(1, 2, 3, 4, 5, 6, 7, 8);
        q.recompute();
        clock.addAndGet(60_000);
        q.recompute();
        assertEquals(8, q.state().expectedVotes());

        m.view(1, 2, 3, 4, 5);
        q.recompute();
        assertEquals(8, q.state().expectedVotes());
        clock.addAndGet(9_999);
        q.recompute();
        assertEquals(8, q.state().expectedVotes());
        assertEquals(5, q.state().quorum());
        clock.addAndGet(1);
        q.recompute();
        assertEquals(5, q.state().expectedVotes());
        assertEquals(3, q.state().quorum());
        assertTrue(q.state().reason().contains("last_man_standing lowered expected votes from 8 to 5"));

        m.view(1, 2, 3);
        q.recompute();
        assertTrue(q.isQuorate());
        clock.addAndGet(10_000);
        q.recompute();
        assertEquals(3, q.state().expectedVotes());
        assertTrue(q.isQuorate());
    }

    @Test
    void aNewConfigurationForgetsLearntExpectedVotes() {
        Fakes.Membership m = new Fakes.Membership(1);
        Fakes.Store s = new Fakes.Store(Fakes.config(1, 4, QuorumSettings.defaults(), Optional.empty()));
        QuorumServiceImpl q = direct(m, s);
        m.view(1, 2, 3, 4);
        q.recompute();
        assertEquals(4, q.state().expectedVotes());
        m.view(1, 2);
        s.current = Optional.of(Fakes.config(2, 3, QuorumSettings.defaults(), Optional.empty()));
        q.recompute();
        assertEquals(3, q.state().expectedVotes());
        assertTrue(q.isQuorate());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        Fakes.Membership m = new Fakes.Membership(1);
        QuorumServiceImpl q = QuorumServiceImpl.create(m,
            new Fakes.Store(Fakes.config(1, 1, QuorumSettings.defaults(), Optional.empty())), clock::get, Runnable::run);
        List<QuorumState> seen = new ArrayList<>();
        q.addListener((p, c) -> {
            throw new IllegalStateException("listener bug");
        });
        q.addListener((p, c) -> seen.add(c));
        m.view(1);
        q.recompute();
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).quorate());
    }

    @Test
    void timerFollowsTheDeviceAndListenersRunOnOneThread() throws Exception {
        Fakes.Membership m = new Fakes.Membership(1);
        QuorumDiskSettings disk = new QuorumDiskSettings("/shared/qdisk", "qdisk", 1, Duration.ofSeconds(1), 10);
        service = QuorumServiceImpl.create(m, new Fakes.Store(Fakes.config(1, 2, QuorumSettings.defaults(),
            Optional.of(disk))), () -> System.nanoTime() / 1_000_000, null);
        BlockingQueue<Object[]> calls = new LinkedBlockingQueue<>();
        service.addListener((p, c) -> calls.add(new Object[] {p, c, Thread.currentThread().getName()}));
        Device qdisk = new Device("qdisk");
        service.addDevice(qdisk);
        m.view(1, 2);
        service.start();
        assertTrue(service.isQuorate(), "computed once at start");
        Object[] first = calls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(first);
        assertEquals("vigil-quorum-listeners", first[2]);

        m.view(1);
        service.viewChanged(null, m.currentView());
        Object[] lost = calls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(lost);
        assertFalse(((QuorumState) lost[1]).quorate());
        assertEquals("vigil-quorum-listeners", lost[2]);

        qdisk.vote = new QuorumDeviceVote(true, "this node is the master");
        Fakes.await("the timer to pick up the device's vote", WAIT, service::isQuorate);
        Object[] regained = calls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(regained);
        assertEquals(lost[1], regained[0]);
        assertTrue(((QuorumState) regained[1]).quorate());
        assertEquals("quorate: 2 of 3 votes, quorum 2; quorum device qdisk gives 1 vote",
            ((QuorumState) regained[1]).reason());
    }
}
