package org.vigil.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.quorum.QuorumDeviceVote;

/**
 * Several nodes' quorum disk engines in one JVM on one file, driven tick by tick on a clock the
 * test moves: every round, each running node does one interval's work.
 */
class QuorumDiskEngineTest {

    private static final int TKO = 4;
    private static final long INTERVAL = 50;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Map<Integer, Node> nodes = new LinkedHashMap<>();

    private final class Node {
        final int id;
        final Fakes.Membership membership;
        final QuorumDiskEngine engine;
        boolean frozen;
        volatile boolean failWrites;

        Node(int id, int maxNodeId, QuorumDiskSettings settings, long incarnation) {
            this.id = id;
            this.membership = new Fakes.Membership(id);
            Map<Integer, String> names = new LinkedHashMap<>();
            for (int i = 1; i <= maxNodeId; i++) {
                names.put(i, "node" + i);
            }
            Path file = Path.of(settings.device());
            this.engine = new QuorumDiskEngine(settings, id, names, maxNodeId, () -> new FailingIo(FileDiskIo.open(file),
                this), clock::get, clock::get, membership::currentView, incarnation);
        }

        QuorumDeviceVote vote() {
            return engine.currentVote();
        }
    }

    /** The real file, with writes that fail while the node says so. */
    private static final class FailingIo implements DiskIo {
        private final DiskIo real;
        private final Node node;

        FailingIo(DiskIo real, Node node) {
            this.real = real;
            this.node = node;
        }

        @Override
        public void read(long position, ByteBuffer buffer) throws IOException {
            real.read(position, buffer);
        }

        @Override
        public void write(long position, ByteBuffer buffer) throws IOException {
            if (node.failWrites) {
                throw new IOException("Input/output error");
            }
            real.write(position, buffer);
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }

    @AfterEach
    void close() {
        nodes.values().forEach(n -> n.engine.close());
    }

    private QuorumDiskSettings settings(Path file) {
        return new QuorumDiskSettings(file.toString(), "qdisk", 2, Duration.ofMillis(INTERVAL), TKO);
    }

    /** Starts nodes 1..n on one file, all in one view. */
    private void cluster(int n) {
        QuorumDiskSettings s = settings(dir.resolve("qdisk"));
        Integer[] all = new Integer[n];
        for (int id = 1; id <= n; id++) {
            Node node = new Node(id, n, s, 1000L * id);
            nodes.put(id, node);
            all[id - 1] = id;
        }
        nodes.values().forEach(node -> node.membership.view(all));
    }

    private void round() {
        clock.addAndGet(INTERVAL);
        for (Node n : nodes.values()) {
            if (!n.frozen) {
                n.engine.tick();
            }
        }
    }

    /** Runs rounds until the condition holds; returns how many it took. */
    private int roundsUntil(String what, int max, BooleanSupplier condition) {
        for (int i = 1; i <= max; i++) {
            round();
            if (condition.getAsBoolean()) {
                return i;
            }
        }
        throw new AssertionError("not after " + max + " rounds: " + what);
    }

    private boolean granted(int... ids) {
        for (int id : ids) {
            if (!nodes.get(id).vote().granted()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void oneViewAllNodesGetTheVotesFromMasterOne() throws IOException {
        cluster(3);
        round();
        assertFalse(nodes.get(1).vote().granted());
        assertEquals("watching " + dir.resolve("qdisk") + " for 4 intervals before voting", nodes.get(1).vote().reason());
        int rounds = roundsUntil("all nodes granted", 20, () -> granted(1, 2, 3));
        assertTrue(rounds + 1 >= TKO, "no vote before the disk was watched for tko intervals");
        for (Node n : nodes.values()) {
            assertEquals(1, n.engine.master());
            assertEquals(n.id == 1, n.engine.claiming());
            assertEquals(Set.of(1, 2, 3), n.engine.liveNodes());
        }
        assertEquals("this node is the master", nodes.get(1).vote().reason());
        assertEquals("master node1(1) lists this node", nodes.get(2).vote().reason());
        assertEquals(DiskFormat.fileSize(3), Files.size(dir.resolve("qdisk")), "created and sized for every node id");
    }

    @Test
    void ofTwoPartitionsOnlyTheMastersGetsTheVotes() {
        cluster(4);
        nodes.get(1).membership.view(1, 2);
        nodes.get(2).membership.view(1, 2);
        nodes.get(3).membership.view(3, 4);
        nodes.get(4).membership.view(3, 4);
        roundsUntil("the master's partition granted", 20, () -> granted(1, 2));
        for (int i = 0; i < 3 * TKO; i++) {
            round();
            assertTrue(granted(1, 2));
            assertFalse(nodes.get(3).vote().granted());
            assertFalse(nodes.get(4).vote().granted());
        }
        assertEquals("master node1(1) does not list this node: another partition holds the disk",
            nodes.get(3).vote().reason());
        assertEquals(Set.of(1, 2, 3, 4), nodes.get(4).engine.liveNodes(), "all four still heartbeat on the disk");
    }

    @Test
    void aFrozenMasterIsReplacedByTheNextLowestAfterTkoIntervals() {
        cluster(3);
        roundsUntil("all granted", 20, () -> granted(1, 2, 3));
        nodes.get(1).frozen = true;
        for (int i = 1; i < TKO; i++) {
            round();
            assertEquals(1, nodes.get(2).engine.master(), "node 1 is still live on the disk after " + i + " silent reads");
            assertTrue(granted(2, 3));
        }

        int more = roundsUntil("node 2 takes over", 10, () -> nodes.get(2).engine.master() == 2
            && nodes.get(3).engine.master() == 2);
        assertTrue(more <= 3, "node 2 claims right after node 1 counts as dead; took " + more + " more rounds");
        assertFalse(nodes.get(2).engine.liveNodes().contains(1));
        roundsUntil("the survivors granted by master 2", 5, () -> granted(2, 3));
        assertEquals("master node2(2) lists this node", nodes.get(3).vote().reason());
        assertFalse(nodes.get(1).vote().granted(), "a frozen node's own vote goes stale");
        assertEquals("no heartbeat written to " + dir.resolve("qdisk") + " for more than 200 ms",
            nodes.get(1).vote().reason());
    }

    @Test
    void aMasterThatWakesUpDoesNotTakeTheDiskBack() {
        cluster(3);
        roundsUntil("all granted", 20, () -> granted(1, 2, 3));
        nodes.get(1).frozen = true;
        nodes.get(2).membership.view(2, 3);
        nodes.get(3).membership.view(2, 3);
        roundsUntil("node 2 is the master", 20, () -> nodes.get(3).engine.master() == 2 && granted(2, 3));

        nodes.get(1).frozen = false;
        for (int i = 0; i < 4 * TKO; i++) {
            round();
            assertEquals(2, nodes.get(2).engine.master());
            assertEquals(2, nodes.get(3).engine.master());
            assertTrue(granted(2, 3));
            assertFalse(nodes.get(1).engine.claiming(), "the woken node watches the disk afresh");
            assertFalse(nodes.get(1).vote().granted());
        }
        assertEquals(2, nodes.get(1).engine.master());
        assertEquals("master node2(2) does not list this node: another partition holds the disk",
            nodes.get(1).vote().reason());

        nodes.get(2).membership.view(1, 2, 3);
        roundsUntil("node 1 rejoins the master's view", 5, () -> granted(1, 2, 3));
        assertEquals(2, nodes.get(1).engine.master(), "mastership stays with node 2");
    }

    @Test
    void aFrozenOrdinaryNodeIsDeadOnTheDiskAfterTkoIntervals() {
        cluster(3);
        roundsUntil("all granted", 20, () -> granted(1, 2, 3));
        nodes.get(3).frozen = true;
        // Node 3 wrote after node 1 read in the last round: node 1 sees that heartbeat next round.
        round();
        for (int i = 1; i < TKO; i++) {
            round();
            assertTrue(nodes.get(1).engine.liveNodes().contains(3), "still live after " + i + " silent reads");
        }
        round();
        assertEquals(Set.of(1, 2), nodes.get(1).engine.liveNodes());
        assertTrue(granted(1, 2));
    }

    @Test
    void aNodeThatCannotWriteGetsNoVotesAndRecovers() {
        cluster(3);
        roundsUntil("all granted", 20, () -> granted(1, 2, 3));
        nodes.get(2).failWrites = true;
        round();
        assertFalse(nodes.get(2).vote().granted());
        assertEquals("cannot write " + dir.resolve("qdisk") + ": IOException: Input/output error",
            nodes.get(2).vote().reason());
        assertTrue(granted(1, 3));
        roundsUntil("node 2 dead on the disk", 10, () -> !nodes.get(1).engine.liveNodes().contains(2));
        assertTrue(granted(1, 3));

        nodes.get(2).failWrites = false;
        roundsUntil("node 2 granted again", 10, () -> granted(2));
        assertTrue(nodes.get(1).engine.liveNodes().contains(2));
    }

    @Test
    void aDiskInAMissingDirectoryGivesNoVotes() {
        QuorumDiskSettings s = settings(dir.resolve("no-such-dir").resolve("qdisk"));
        Node n = new Node(1, 2, s, 7);
        nodes.put(1, n);
        n.membership.view(1);
        for (int i = 0; i < 3 * TKO; i++) {
            round();
            assertFalse(n.vote().granted());
        }
        assertTrue(n.vote().reason().startsWith("cannot open " + s.device() + ": NoSuchFileException"), n.vote().reason());
        assertEquals(Set.of(), n.engine.liveNodes());
    }

    @Test
    void aFileThatIsNotAQuorumDiskIsLeftAlone() throws IOException {
        Path file = dir.resolve("qdisk");
        Files.writeString(file, "important data, not a quorum disk\n");
        cluster(2);
        for (int i = 0; i < 2 * TKO; i++) {
            round();
        }
        assertFalse(granted(1));
        assertEquals("refusing " + file + ": it is not a Vigil quorum disk (no VIGILQDK header)",
            nodes.get(1).vote().reason());
        assertEquals("important data, not a quorum disk\n", Files.readString(file));
    }

    @Test
    void aDiskWithAnotherLabelIsRefused() throws IOException {
        Path file = dir.resolve("qdisk");
        try (DiskIo io = FileDiskIo.open(file)) {
            io.write(0, DiskFormat.encodeHeader("other-cluster"));
        }
        cluster(1);
        round();
        assertEquals("refusing " + file + ": its label is 'other-cluster', the configuration says 'qdisk'",
            nodes.get(1).vote().reason());
    }

    @Test
    void twoProcessesWithOneNodeIdAreCaught() {
        cluster(2);
        roundsUntil("both granted", 20, () -> granted(1, 2));
        Node twin = new Node(2, 2, settings(dir.resolve("qdisk")), 99_999);
        twin.membership.view(1, 2);
        nodes.put(22, twin);
        roundsUntil("node 2 sees another writer in its slot", 5,
            () -> nodes.get(2).vote().reason().startsWith("another process writes the slot of node 2"));
        assertFalse(nodes.get(2).vote().granted());
    }
}
