package org.vigil.resource.gfs2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.resource.support.MountTable;

/** Mount table, superblock and parameter parsing (no system needed). */
class ParsingTest {

    @Test
    void mountTableWithEscapedSpacesAndStackedMounts() {
        MountTable t = MountTable.parse("""
                /dev/sda1 / ext4 rw,relatime 0 0
                /dev/loop0 /mnt/shared\\040data gfs2 rw,noatime 0 0
                tmpfs /mnt/x tmpfs rw 0 0
                /dev/loop1 /mnt/x gfs2 rw 0 0
                """);
        assertEquals("gfs2", t.at("/mnt/shared data").orElseThrow().fstype());
        assertEquals("/dev/loop1", t.at("/mnt/x/").orElseThrow().source(), "the last mount on a directory is visible");
        assertFalse(t.at("/mnt").isPresent());
    }

    @Test
    void lockTableFromTunegfs2() {
        LockTable lt = LockTable.parse("""
                File system volume name: alpha:data
                File system UUID: 8a9d2522-3a77-447e-90b7-ebe06f3126e5
                Lock protocol: lock_dlm
                Lock table: alpha:data
                """).orElseThrow();
        assertEquals("lock_dlm", lt.protocol());
        assertEquals("alpha", lt.cluster());
        assertEquals("alpha:data", lt.table());
        assertTrue(LockTable.parse("Unable to open device").isEmpty());
    }

    @Test
    void parametersAndMetadata() {
        Gfs2Parameters p = Gfs2Parameters.parse(Map.of("device", "/dev/vg/shared", "mountpoint", "/mnt/shared/",
                "cluster_name", "alpha"));
        assertEquals("/mnt/shared", p.mountpoint());
        assertTrue(p.forceUnmount(), "clusterfs kills users by default");
        assertEquals(Optional.of("alpha"), p.clusterName());
        var md = new Gfs2ResourceAgent().metadata();
        assertEquals("gfs2", md.type());
        ResourceParameter mp = md.parameters().stream().filter(x -> x.name().equals("mountpoint")).findFirst()
                .orElseThrow();
        assertTrue(mp.required() && mp.unique());
        ResourceParameter cn = md.parameters().stream().filter(x -> x.name().equals("cluster_name")).findFirst()
                .orElseThrow();
        assertFalse(cn.required(), "filled by the resource manager, so cluster.conf need not give it");
        assertEquals(Duration.ofSeconds(60), md.defaultTimeouts().get(ResourceOperation.START));
        assertTrue(assertThrowsIae(Map.of("device", "/dev/x", "mountpoint", "/")).contains("mountpoint / is not allowed"));
        assertTrue(assertThrowsIae(Map.of("device", "/dev/x", "mountpoint", "/m", "cluster_name", "a b"))
                .contains("cluster_name 'a b' is not a GFS2 cluster name"));
        assertTrue(assertThrowsIae(Map.of("device", "/dev/x", "mountpoint", "/m", "options", "-o rw"))
                .contains("options '-o rw' must be a comma-separated list"));
    }

    private static String assertThrowsIae(Map<String, String> params) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Gfs2Parameters.parse(params)).getMessage();
    }
}
