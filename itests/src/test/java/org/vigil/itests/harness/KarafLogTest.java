package org.vigil.itests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KarafLogTest {

    private static final String VIEW_LINE = "2025-11-23T06:36:01,123 | INFO  | vigil-heartbeat-ticker | MembershipEngine                 | 55 - vigil-membership-hazelcast - 0.1.0.SNAPSHOT | View 4: members [node1(1), node2(2)] (coordinator node1(1)); left node3(3) (port closed)";

    @Test
    void readsTimestampsInLocalTime() {
        assertEquals(LocalDateTime.of(2025, 11, 23, 6, 36, 1, 123_000_000).atZone(ZoneId.systemDefault()).toInstant(),
            KarafLog.timestamp(VIEW_LINE).orElseThrow());
        assertTrue(KarafLog.timestamp("no stamp here").isEmpty());
    }

    @Test
    void parsesViewLines() {
        KarafLog.ViewLine v = KarafLog.parseView(VIEW_LINE).orElseThrow();
        assertEquals(4, v.generation());
        assertEquals(List.of("node1", "node2"), v.members());
        assertTrue(KarafLog.parseView("2025-11-23T06:36:01,123 | INFO | x | View 1: members [node1.magedu.com(1)] (coordinator ...)")
            .orElseThrow().members().contains("node1.magedu.com"));
        assertTrue(KarafLog.parseView("Heartbeating on udp").isEmpty());
    }

    @Test
    void readsOnlyWhatCameAfterAMark(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("karaf.log");
        KarafLog log = new KarafLog(file);
        assertEquals(0, log.mark());
        Files.writeString(file, "2025-11-23T06:36:00,000 | INFO | first\n");
        long mark = log.mark();
        Files.writeString(file, VIEW_LINE + "\n", StandardOpenOption.APPEND);
        assertEquals(1, log.linesSince(mark).size());
        assertEquals(1, log.views(mark).size());
        assertEquals(1, log.views(0).size());
        assertTrue(log.find(0, Pattern.compile("first")).isPresent());
        assertTrue(log.find(mark, Pattern.compile("first")).isEmpty());
        assertTrue(log.await(mark, Pattern.compile("left node3"), Duration.ofSeconds(1)).contains("View 4"));
        assertThrows(AssertionError.class, () -> log.await(mark, Pattern.compile("never"), Duration.ofMillis(300)));
        assertEquals(VIEW_LINE, log.tail(1));
    }
}
