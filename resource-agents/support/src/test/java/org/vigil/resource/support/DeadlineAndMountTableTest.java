package org.vigil.resource.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfStatus;

/** Deadline, MountTable and AgentFailure: the plain value helpers. */
class DeadlineAndMountTableTest {

    @Test
    void deadlineCountsDownAndPrintsSeconds() {
        Deadline d = Deadline.after(Duration.ofSeconds(20));
        assertFalse(d.expired());
        assertTrue(d.remainingMillis() > 10_000 && d.remainingMillis() <= 20_000);
        assertEquals("20 s", d.totalText());
        assertEquals("1.5 s", Deadline.seconds(Duration.ofMillis(1500)));
        Deadline over = Deadline.after(Duration.ZERO);
        assertTrue(over.expired());
        assertEquals(0, over.remainingMillis());
        assertTrue(over.sleep(10_000), "sleeping past the deadline returns at once");
    }

    @Test
    void mountTableUnescapesAndFindsTheLastMountOnAPoint() {
        MountTable t = MountTable.parse("""
                proc /proc proc rw 0 0
                /dev/loop0 /mnt/my\\040data gfs2 rw,noatime 0 0
                host:/export /mnt/my\\040data nfs4 rw 0 0
                """);
        assertEquals(3, t.entries().size());
        Optional<MountTable.Entry> e = t.at("/mnt/my data/");
        assertEquals("host:/export", e.orElseThrow().source());
        assertEquals("nfs4", e.orElseThrow().fstype());
        assertEquals(Optional.empty(), t.at("/mnt"));
        assertEquals("/mnt/x", MountTable.normalize("/mnt/./x/"));
    }

    @Test
    void agentFailureCarriesItsResult() {
        AgentFailure f = new AgentFailure(OcfStatus.ERR_CONFIGURED, "bad address");
        assertEquals(OcfStatus.ERR_CONFIGURED, f.result().status());
        assertEquals("bad address", f.getMessage());
    }
}
