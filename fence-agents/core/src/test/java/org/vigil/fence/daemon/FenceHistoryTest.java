package org.vigil.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceOutcome;

/** The bounded history and its file; the messages between daemons; the back-off; the settings. */
class FenceHistoryTest {

    @TempDir
    Path dir;

    private static FenceOutcome outcome(int i) {
        return new FenceOutcome("n" + i, FenceAction.REBOOT, i % 2 == 0, "ipmi", "n0",
            Instant.parse("2026-11-28T10:00:00Z").plusSeconds(i), "message \"" + i + "\"\nsecond line");
    }

    @Test
    void keepsTheLastEntriesAndRewritesTheFileWhenItGrows() throws Exception {
        Path file = dir.resolve("vigil/fence-history");
        FenceHistory h = new FenceHistory(3, file);
        for (int i = 1; i <= 10; i++) {
            h.add(outcome(i));
        }
        assertEquals(List.of(outcome(8), outcome(9), outcome(10)), h.list());
        long lines = Files.readAllLines(file).size();
        assertTrue(lines < 6, "compacted: " + lines);
        assertEquals(List.of(outcome(8), outcome(9), outcome(10)), new FenceHistory(3, file).list());
    }

    @Test
    void outcomesLearntFromAnotherNodeAreMergedInTimeOrderOnce() throws Exception {
        Path file = dir.resolve("m");
        FenceHistory h = new FenceHistory(10, file);
        h.add(outcome(1));
        h.add(outcome(3));
        assertEquals(List.of(outcome(2)), h.merge(List.of(outcome(1), outcome(2))));
        assertEquals(List.of(), h.merge(List.of(outcome(2))));
        assertEquals(List.of(outcome(1), outcome(2), outcome(3)), h.list());
        assertEquals(List.of(outcome(1), outcome(2), outcome(3)), new FenceHistory(10, file).list());
    }

    @Test
    void aDamagedLineIsSkipped() throws Exception {
        Path file = dir.resolve("h");
        Files.writeString(file, FenceHistory.toJson(outcome(1)) + "\n{broken\n\n" + FenceHistory.toJson(outcome(2)) + "\n",
            StandardCharsets.UTF_8);
        assertEquals(List.of(outcome(1), outcome(2)), new FenceHistory(10, file).list());
    }

    @Test
    void aHistoryInMemoryOnlyWritesNothing() {
        FenceHistory h = new FenceHistory(2, null);
        h.add(outcome(1));
        assertEquals(1, h.list().size());
    }

    @Test
    void messagesRoundTrip() {
        FenceMessage.Outcome o = new FenceMessage.Outcome(outcome(4), 3, true);
        assertEquals(o, FenceMessage.decode(FenceMessage.encode(o)));
        FenceMessage.Lost l = new FenceMessage.Lost("n3", Instant.parse("2026-11-28T10:00:00Z"));
        assertEquals(l, FenceMessage.decode(FenceMessage.encode(l)));
        FenceMessage.State s = new FenceMessage.State(Map.of("n3", Instant.parse("2026-11-28T10:00:00Z")), Set.of("n4"),
            List.of(outcome(1), outcome(2)));
        assertEquals(s, FenceMessage.decode(FenceMessage.encode(s)));
        assertTrue(FenceMessage.decode(FenceMessage.encode(new FenceMessage.StateRequest())) instanceof FenceMessage.StateRequest);
    }

    @Test
    void garbageIsRefusedWithAReason() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> FenceMessage.decode("{\"type\":\"reboot-everything\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("unknown fencing message type 'reboot-everything'", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> FenceMessage.decode("nonsense".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void backOffDoublesUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), List.of(1, 2, 3, 4, 5, 6, 40).stream()
            .map(n -> b.after(n).toSeconds()).toList());
    }

    @Test
    void settingsHaveDefaultsAndRefuseNonsense() {
        FenceSettings s = FenceSettings.from(Map.of());
        assertEquals(Duration.ofSeconds(60), s.actionTimeout());
        assertEquals(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), s.backoff());
        assertEquals(200, s.historySize());
        assertTrue(s.historyFile().endsWith(Path.of("vigil", "fence-history")));
        FenceSettings t = FenceSettings.from(Map.of("action.timeout", "20", "retry.initial.ms", "500",
            "retry.max.ms", "4000", "history.size", "50", "history.file", "none"));
        assertEquals(Duration.ofSeconds(20), t.actionTimeout());
        assertEquals(null, t.historyFile());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> FenceSettings.from(Map.of("action.timeout", "soon")));
        assertEquals("org.vigil.fence: action.timeout is not a whole number: 'soon'", e.getMessage());
    }
}
