package org.vigil.resource.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.resource.support.MountTable;

/** Parameters, the generated ganesha.conf and log reading (no system needed). */
class ParametersAndConfigTest {

    @Test
    void serverDefaults() {
        NfsServerParameters p = NfsServerParameters.parse("home", Map.of("path", "/srv/home/"));
        assertEquals("/srv/home", p.path());
        assertEquals("/srv/home", p.pseudo());
        assertEquals(2049, p.port());
        assertEquals(20048, p.mountPort());
        assertEquals("*", p.clients());
        assertEquals("rw", p.access());
        assertEquals("root_squash", p.squash());
        assertEquals(Set.of(3, 4), p.protocols());
        assertEquals(Path.of("/var/lib/vigil/nfsserver/home"), p.stateDir());
        assertEquals("127.0.0.1", p.checkHost());
    }

    @Test
    void theConfigurationForEverybodyAndForChosenClients() {
        String open = GaneshaConfig.render(NfsServerParameters.parse("home", Map.of("path", "/srv/home",
                "pseudo", "/home", "port", "12049", "mount_port", "12048", "bind_address", "198.18.0.10")));
        assertTrue(open.contains("NFS_Port = 12049;") && open.contains("MNT_Port = 12048;")
                && open.contains("Bind_addr = 198.18.0.10;") && open.contains("Protocols = 3, 4;"), open);
        assertTrue(open.contains("Path = \"/srv/home\";") && open.contains("Pseudo = \"/home\";")
                && open.contains("Access_Type = RW;") && open.contains("Squash = Root_Squash;"), open);
        assertTrue(open.contains("RecoveryRoot = \"/var/lib/vigil/nfsserver/home/recovery\";"), open);
        assertFalse(open.contains("CLIENT"), open);
        String chosen = GaneshaConfig.render(NfsServerParameters.parse("home", Map.of("path", "/srv/home",
                "clients", "198.18.0.0/15 web1", "access", "ro", "protocols", "4", "squash", "all_squash")));
        assertTrue(chosen.contains("    Access_Type = None;") && chosen.contains("Clients = 198.18.0.0/15, web1;")
                && chosen.contains("        Access_Type = RO;") && chosen.contains("Squash = All_Squash;")
                && chosen.contains("Protocols = 4;"), chosen);
    }

    @Test
    void serverProblemsAreListedTogether() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NfsServerParameters.parse("a b",
                Map.of("path", "/", "port", "2049", "mount_port", "2049", "bind_address", "host.example",
                        "clients", "*;rm -rf")));
        assertEquals("invalid nfsserver resource parameters: path / may not be exported; port and mount_port are both "
                + "2049; bind_address 'host.example' is not an IP address; clients '*;rm -rf' has characters a client "
                + "list cannot have; resource name 'a b' cannot name a state directory: give state_dir", e.getMessage());
    }

    @Test
    void mountParametersAndSource() {
        NfsMountParameters p = NfsMountParameters.parse(Map.of("host", "2001:2::5", "export", "/srv/web/",
                "mountpoint", "/var/www"));
        assertEquals("[2001:2::5]:/srv/web", p.source());
        assertEquals("nfs", p.fstype());
        assertFalse(p.forceUnmount(), "netfs keeps users by default");
        var md = new NfsMountAgent().metadata();
        ResourceParameter mp = md.parameters().stream().filter(x -> x.name().equals("mountpoint")).findFirst()
                .orElseThrow();
        assertTrue(mp.required() && mp.unique());
        assertEquals("nfsserver", new NfsServerAgent().metadata().type());
        assertTrue(new NfsServerAgent().metadata().parameters().get(0).unique(), "path is unique");
    }

    @Test
    void ganeshaLogProblemsWithoutTheNoise() throws Exception {
        Path log = Files.createTempFile("ganesha", ".log");
        try {
            Files.writeString(log, """
                    28/11/2026 17:48:33 : epoch 1 : vm : nfs-ganesha-1[main] old_problem :DISP :FATAL :from an earlier start
                    """);
            long from = GaneshaLog.size(log);
            Files.writeString(log, """
                    28/11/2026 17:48:36 : epoch 2 : vm : nfs-ganesha-2[main] gsh_dbus_pkginit :DBUS :CRIT :dbus_bus_get failed
                    28/11/2026 17:48:36 : epoch 2 : vm : nfs-ganesha-2[main] load_rados_config :CONFIG :WARN :Missing RADOS URLs backend library
                    28/11/2026 17:48:36 : epoch 2 : vm : nfs-ganesha-2[main] Bind_sockets_V6 :DISP :WARN :Cannot bind NFS tcp6 socket, error 98 (Address already in use)
                    28/11/2026 17:48:36 : epoch 2 : vm : nfs-ganesha-2[main] Bind_sockets :DISP :FATAL :Error binding to V6 interface. Cannot continue.
                    """, java.nio.file.StandardOpenOption.APPEND);
            assertEquals("Cannot bind NFS tcp6 socket, error 98 (Address already in use); Error binding to V6 "
                    + "interface. Cannot continue.", GaneshaLog.problemsSince(log, from));
        } finally {
            Files.delete(log);
        }
    }

    @Test
    void mountTableUnescapes() {
        MountTable t = MountTable.parse("127.0.0.1:/srv/a\\040b /mnt/a\\040b nfs4 rw 0 0\n");
        assertEquals("127.0.0.1:/srv/a b", t.at("/mnt/a b").orElseThrow().source());
    }
}
