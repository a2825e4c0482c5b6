package org.vigil.resource.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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

/**
 * The nfs (client mount) agent against a real export served by nfs-ganesha (through the
 * nfsserver agent); mounts run inside a private mount namespace. This kernel has no NFS
 * client: start must say so. The mount code itself is exercised by telling the agent the
 * kernel has nfs, so that the real {@code mount -t nfs} runs against the server and its
 * refusal is reported; on a kernel with an NFS client the same test mounts and reads for real.
 */
class NfsMountIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static NfsFixture fx;
    private static ResourceInstance server;
    private static MountNamespace ns;
    private static NfsMountAgent agent;

    @BeforeAll
    static void serve() throws Exception {
        fx = new NfsFixture();
        server = fx.server("mountsrc");
        OcfResult start = fx.agent().execute(ResourceOperation.START, server, T);
        assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
        ns = new MountNamespace();
        agent = new NfsMountAgent(ns.commands(), Path.of("/proc/filesystems"), ns.mounts());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns != null) {
            ns.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private static ResourceInstance mount(String fstype, String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("fstype", fstype);
        m.put("mountpoint", fx.dir.resolve("mnt-" + fstype).toString());
        String port = server.parameters().get("port");
        if (fstype.equals("nfs4")) {
            m.put("export", "/web");
            m.put("options", "port=" + port);
        } else {
            m.put("export", fx.export.toString());
            m.put("options", "vers=3,nolock,port=" + port + ",mountport=" + server.parameters().get("mount_port"));
        }
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new ResourceInstance("web-data", "nfs", m);
    }

    private static boolean kernelHas(String fstype) throws Exception {
        return Files.readString(Path.of("/proc/filesystems"), StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.trim().endsWith("\t" + fstype) || l.trim().equals(fstype));
    }

    @Test
    void onThisKernelStartSaysThereIsNoNfsClient() throws Exception {
        for (String fstype : new String[] {"nfs", "nfs4"}) {
            ResourceInstance r = mount(fstype);
            OcfResult start = agent.execute(ResourceOperation.START, r, T);
            if (!kernelHas(fstype)) {
                assertEquals(OcfStatus.ERR_INSTALLED, start.status(), start.message());
                assertEquals("not installed: this kernel has no nfs client (no '" + fstype + "' in /proc/filesystems)",
                        start.message());
                assertFalse(Files.readString(ns.mounts()).contains(" nfs"), "nothing mounted");
            } else {
                mountsForReal(r, start);
            }
        }
    }

    @Test
    void theMountCodeRunsTheRealMountAgainstTheServer() throws Exception {
        Path claims = fx.dir.resolve("filesystems");
        Files.writeString(claims, "nodev\tnfs\nnodev\tnfs4\n\text4\n");
        NfsMountAgent believing = new NfsMountAgent(ns.commands(), claims, ns.mounts());
        for (String fstype : new String[] {"nfs", "nfs4"}) {
            ResourceInstance r = mount(fstype);
            OcfResult start = believing.execute(ResourceOperation.START, r, T);
            if (!kernelHas(fstype)) {
                assertEquals(OcfStatus.ERR_GENERIC, start.status(), start.message());
                assertTrue(start.message().startsWith("cannot mount 127.0.0.1:" + r.parameters().get("export") + " on "
                        + r.parameters().get("mountpoint") + ": mount.nfs"), start.message());
                assertTrue(start.message().contains("No such device"), "the kernel's answer: " + start.message());
            } else {
                mountsForReal(r, start);
            }
            assertFalse(Files.readString(ns.mounts()).contains(" " + r.parameters().get("mountpoint") + " "),
                    "nothing left mounted");
        }
    }

    /** On a kernel with an NFS client: the file is read through the mount, and stop unmounts. */
    private static void mountsForReal(ResourceInstance r, OcfResult start) throws Exception {
        assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
        Commands.Result cat = ns.commands().run(Deadline.after(T), "cat",
                r.parameters().get("mountpoint") + "/hello.txt");
        assertEquals("hello from vigil\n", cat.stdout(), cat.said());
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.MONITOR, r, T).status());
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.STOP, r, T).status());
        assertEquals(OcfStatus.NOT_RUNNING, agent.execute(ResourceOperation.MONITOR, r, T).status());
    }

    @Test
    void monitorAndStopOfAnExportThatIsNotMounted() {
        ResourceInstance r = mount("nfs");
        OcfResult m = agent.execute(ResourceOperation.MONITOR, r, T);
        assertEquals(OcfStatus.NOT_RUNNING, m.status(), m.message());
        assertEquals(r.parameters().get("mountpoint") + " has no NFS file system mounted", m.message());
        OcfResult s = agent.execute(ResourceOperation.STOP, r, T);
        assertEquals(OcfStatus.SUCCESS, s.status(), s.message());
        assertTrue(s.message().endsWith("was not mounted: nothing to do"), s.message());
    }

    @Test
    void badParametersAreNamed() {
        OcfResult bad = agent.execute(ResourceOperation.START, new ResourceInstance("x", "nfs",
                Map.of("host", "srv 1", "export", "data", "fstype", "cifs")), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, bad.status());
        assertEquals("invalid nfs resource parameters: host 'srv 1' is not a host name or address; export 'data' is "
                + "not an absolute path; mountpoint is required; fstype 'cifs' is not one of nfs, nfs4", bad.message());
    }
}
