package org.vigil.resource.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;

/** The nfsserver agent with a real nfs-ganesha on loopback, checked with libnfs' user-space client. */
class NfsServerIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static NfsFixture fx;

    @BeforeAll
    static void fixture() throws Exception {
        fx = new NfsFixture();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static OcfResult run(ResourceOperation op, ResourceInstance r) {
        return fx.agent().execute(op, r, T);
    }

    private static Commands.Result nfs(String... cmd) {
        return new Commands().run(Deadline.after(Duration.ofSeconds(15)), cmd);
    }

    @Test
    void exportsADirectoryReadBackOverNfsV3AndV4() throws Exception {
        ResourceInstance r = fx.server("web");
        Map<String, String> p = r.parameters();
        assertEquals(OcfStatus.NOT_RUNNING, run(ResourceOperation.MONITOR, r).status());
        OcfResult start = run(ResourceOperation.START, r);
        assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
        assertTrue(start.message().contains("serves " + fx.export + " as /web on 127.0.0.1:" + p.get("port")
                + " over NFSv3, v4"), start.message());
        String v3 = "nfs://127.0.0.1" + fx.export + "/hello.txt?nfsport=" + p.get("port") + "&mountport="
                + p.get("mount_port");
        String v4 = "nfs://127.0.0.1/web/hello.txt?version=4&nfsport=" + p.get("port");
        for (String url : new String[] {v3, v4}) {
            Path copy = fx.dir.resolve("copy-" + (url.contains("version=4") ? "v4" : "v3") + ".txt");
            Commands.Result cp = nfs("nfs-cp", url, copy.toString());
            assertTrue(cp.ok(), url + ": " + cp.said());
            assertEquals("hello from vigil\n", Files.readString(copy), url);
        }
        Commands.Result ls = nfs("nfs-ls", "nfs://127.0.0.1/web?version=4&nfsport=" + p.get("port"));
        assertTrue(ls.ok() && ls.stdout().contains("hello.txt"), ls.said());
        OcfResult mon = run(ResourceOperation.MONITOR, r);
        assertEquals(OcfStatus.SUCCESS, mon.status(), mon.message());
        OcfResult again = run(ResourceOperation.START, r);
        assertTrue(again.isSuccess() && again.message().startsWith("already running: "), again.message());

        long pid = Long.parseLong(Files.readString(Path.of(p.get("state_dir"), "ganesha.pid")).strip());
        OcfResult stop = run(ResourceOperation.STOP, r);
        assertEquals(OcfStatus.SUCCESS, stop.status(), stop.message());
        assertFalse(NfsServerAgent.alive(pid, "ganesha.nfsd"), "the server process is gone");
        OcfResult after = run(ResourceOperation.MONITOR, r);
        assertEquals(OcfStatus.NOT_RUNNING, after.status(), after.message());
        assertFalse(nfs("nfs-ls", "nfs://127.0.0.1/web?version=4&nfsport=" + p.get("port")).ok(), "nothing answers");
        OcfResult stopAgain = run(ResourceOperation.STOP, r);
        assertTrue(stopAgain.isSuccess() && stopAgain.message().contains("was not running"), stopAgain.message());
    }

    @Test
    void aReadOnlyExportForOneClientRefusesWrites() throws Exception {
        ResourceInstance r = fx.server("ro", "access", "ro", "clients", "127.0.0.1, 198.18.0.0/15", "protocols", "4");
        try {
            OcfResult start = run(ResourceOperation.START, r);
            assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
            String conf = Files.readString(Path.of(r.parameters().get("state_dir"), "ganesha.conf"));
            assertTrue(conf.contains("Clients = 127.0.0.1, 198.18.0.0/15;") && conf.contains("Access_Type = RO;"), conf);
            String base = "nfs://127.0.0.1/web/%s?version=4&nfsport=" + r.parameters().get("port");
            Commands.Result read = nfs("nfs-cp", String.format(base, "hello.txt"), fx.dir.resolve("ro.txt").toString());
            assertTrue(read.ok(), read.said());
            Commands.Result write = nfs("nfs-cp", fx.dir.resolve("ro.txt").toString(), String.format(base, "new.txt"));
            assertFalse(write.ok(), "a write to a read-only export must fail");
            assertTrue(write.said().contains("NFS4ERR_ROFS"), write.said());
            assertFalse(Files.exists(fx.export.resolve("new.txt")));
        } finally {
            run(ResourceOperation.STOP, r);
        }
    }

    @Test
    void aPortAlreadyTakenIsAClearFailureAndNothingRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0)); // every address, as ganesha binds
            ResourceInstance r = fx.server("taken", "port", String.valueOf(taken.getLocalPort()));
            OcfResult start = run(ResourceOperation.START, r);
            assertEquals(OcfStatus.ERR_GENERIC, start.status(), start.message());
            assertTrue(start.message().startsWith("ganesha.nfsd exited with code "), start.message());
            assertTrue(start.message().contains("Address already in use"), start.message());
            assertEquals(OcfStatus.NOT_RUNNING, run(ResourceOperation.MONITOR, r).status());
        }
    }

    @Test
    void aServerThatDiesIsSeenByMonitor() throws Exception {
        ResourceInstance r = fx.server("dies");
        assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.START, r).status());
        long pid = Long.parseLong(Files.readString(Path.of(r.parameters().get("state_dir"), "ganesha.pid")).strip());
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        OcfResult mon = run(ResourceOperation.MONITOR, r);
        assertEquals(OcfStatus.NOT_RUNNING, mon.status(), mon.message());
        assertTrue(mon.message().contains("stale pid file"), mon.message());
        OcfResult restart = run(ResourceOperation.START, r);
        assertEquals(OcfStatus.SUCCESS, restart.status(), "starts again after a crash: " + restart.message());
        assertNotEquals(pid, Long.parseLong(Files.readString(Path.of(r.parameters().get("state_dir"), "ganesha.pid"))
                .strip()));
        assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.STOP, r).status());
    }

    @Test
    void badParametersAreNamed() throws Exception {
        OcfResult notDir = run(ResourceOperation.START, fx.server("nodir", "path", fx.dir.resolve("missing").toString()));
        assertEquals(OcfStatus.ERR_CONFIGURED, notDir.status());
        assertEquals("path " + fx.dir.resolve("missing") + " is not a directory on this node", notDir.message());
        OcfResult bad = run(ResourceOperation.VALIDATE, new ResourceInstance("x", "nfsserver",
                Map.of("path", "srv", "protocols", "3,5", "port", "70000", "access", "write")));
        assertEquals(OcfStatus.ERR_CONFIGURED, bad.status());
        assertEquals("invalid nfsserver resource parameters: path 'srv' is not an absolute path; port 70000 is not "
                + "between 1 and 65535; access 'write' is not one of rw, ro; protocols: '5' is not 3 or 4", bad.message());
    }
}
