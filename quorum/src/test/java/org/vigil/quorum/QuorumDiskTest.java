package org.vigil.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.quorum.QuorumDevice;

/**
 * Quorum disk components of several nodes in one JVM, on one file in a temporary directory,
 * running on their own timers (interval 50 ms, tko 4).
 */
class QuorumDiskTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<QuorumDisk> disks = new ArrayList<>();
    private final Set<Integer> registered = ConcurrentHashMap.newKeySet();
    private QuorumServiceImpl service;

    @AfterEach
    void stopAll() {
        if (service != null) {
            service.stop();
        }
        disks.forEach(QuorumDisk::stop);
    }

    private QuorumDiskSettings disk(Path file, int votes) {
        return new QuorumDiskSettings(file.toString(), "qdisk", votes, Duration.ofMillis(50), 4);
    }

    private QuorumDisk start(int id, Fakes.Membership membership, Fakes.Store store) {
        QuorumDisk d = QuorumDisk.create(store, membership, s -> () -> FileDiskIo.open(Path.of(s.device())),
            () -> System.nanoTime() / 1_000_000, (device, label) -> {
                assertEquals("qdisk", device.name());
                registered.add(id);
                return () -> registered.remove(id);
            });
        d.start();
        disks.add(d);
        return d;
    }

    private static boolean granted(QuorumDevice d) {
        return d.currentVote().granted();
    }

    @Test
    void threeNodesThenAPartitionThenTheMasterDies() throws Exception {
        Fakes.Store store = new Fakes.Store(Fakes.config(1, 3, QuorumSettings.defaults(),
            Optional.of(disk(dir.resolve("qdisk"), 2))));
        List<Fakes.Membership> views = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            Fakes.Membership m = new Fakes.Membership(id);
            m.view(1, 2, 3);
            views.add(m);
            start(id, m, store);
        }
        QuorumDisk d1 = disks.get(0);
        QuorumDisk d2 = disks.get(1);
        QuorumDisk d3 = disks.get(2);
        Fakes.await("the disk's votes for all three nodes", WAIT, () -> granted(d1) && granted(d2) && granted(d3));
        assertEquals(Set.of(1, 2, 3), registered);
        assertEquals(2, d1.votes());
        assertEquals("this node is the master", d1.currentVote().reason());

        views.get(0).view(1, 2);
        views.get(1).view(1, 2);
        views.get(2).view(3);
        Fakes.await("node 3 cut off from the master's partition", WAIT, () -> d3.currentVote().reason()
            .equals("master node1(1) does not list this node: another partition holds the disk"));
        assertFalse(granted(d3));
        assertTrue(granted(d1) && granted(d2));

        d1.stop();
        Fakes.await("node 2 to take the disk over", WAIT,
            () -> "this node is the master".equals(d2.currentVote().reason()));
        Fakes.await("node 3 to follow the new master", WAIT, () -> d3.currentVote().reason()
            .equals("master node2(2) does not list this node: another partition holds the disk"));
        assertFalse(granted(d3));
        assertEquals(2, d3.engine().master());
    }

    @Test
    void followsTheConfiguration() throws Exception {
        ClusterConfiguration without = Fakes.config(1, 2, QuorumSettings.defaults(), Optional.empty());
        ClusterConfiguration with = Fakes.config(2, 2, QuorumSettings.defaults(),
            Optional.of(disk(dir.resolve("qdisk"), 1)));
        Fakes.Store store = new Fakes.Store(without);
        Fakes.Membership m = new Fakes.Membership(1);
        m.view(1);
        QuorumDisk d = start(1, m, store);
        Fakes.await("the configuration read", WAIT, () -> d.currentVote().reason().equals("no quorum disk is configured"));

        store.current = Optional.of(with);
        d.configurationChanged(with);
        Fakes.await("the device registered", WAIT, () -> registered.contains(1));
        Fakes.await("its vote", WAIT, () -> granted(d));

        store.current = Optional.of(without);
        d.configurationChanged(without);
        Fakes.await("the device withdrawn", WAIT, () -> !registered.contains(1));
        assertFalse(granted(d));
        assertEquals(0, d.votes());
    }

    @Test
    void anUnwritablePathGivesNoVotesAndSaysWhy() throws Exception {
        Path file = dir.resolve("missing").resolve("qdisk");
        Fakes.Store store = new Fakes.Store(Fakes.config(1, 2, QuorumSettings.defaults(), Optional.of(disk(file, 1))));
        Fakes.Membership m = new Fakes.Membership(1);
        m.view(1);
        QuorumDisk d = start(1, m, store);
        Fakes.await("the reason", WAIT, () -> d.currentVote().reason().startsWith("cannot open " + file));
        assertTrue(d.currentVote().reason().contains("NoSuchFileException"), d.currentVote().reason());
        assertFalse(granted(d));
        assertTrue(registered.contains(1), "the device is there, voting no");
    }

    @Test
    void aLoneSurvivorWithADiskOfNMinusOneVotesIsQuorate() throws Exception {
        Fakes.Store store = new Fakes.Store(Fakes.config(1, 4, QuorumSettings.defaults(),
            Optional.of(disk(dir.resolve("qdisk"), 3))));
        Fakes.Membership m = new Fakes.Membership(2);
        m.view(2);
        QuorumDisk d = start(2, m, store);
        service = QuorumServiceImpl.create(m, store, () -> System.nanoTime() / 1_000_000, null);
        service.addDevice(d);
        service.start();
        Fakes.await("quorum with the disk's votes", WAIT, service::isQuorate);
        assertEquals("quorate: 4 of 7 votes, quorum 4; quorum device qdisk gives 3 votes", service.state().reason());
        assertEquals(3, service.state().quorumDeviceVotes());

        d.stop();
        Fakes.await("quorum lost with the disk", WAIT, () -> !service.isQuorate());
        assertEquals("not quorate: 1 of 7 votes, quorum is 4; quorum device qdisk gives no votes: "
            + "the quorum disk is stopped", service.state().reason());
    }
}
