package org.vigil.resource.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;

/**
 * Two more real ClusterLabs agents, each run by the ocf agent inside a namespace the test makes so
 * that nothing on the host changes: {@code IPaddr2} in a network namespace (198.18.0.0/15, no
 * route out) wired by a veth pair to a second one that reaches the address (arping, package
 * iputils-arping); {@code Filesystem} mounting a tmpfs in a private mount namespace held by a process
 * of the test. Filesystem needs {@code modprobe} (package kmod): where it is missing, the test checks
 * that the agent's own "not installed" reason comes through.
 */
class NamespacedAgentsIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static final String NS = "vigil-ra-" + ProcessHandle.current().pid();
    private static final String PEER = NS + "-peer";
    private static Path dir;
    private static Process mountHolder;

    @BeforeAll
    static void namespaces() throws Exception {
        dir = Files.createTempDirectory("vigil-ocf-ns");
        Shell.run("ip", "netns", "add", NS);
        Shell.run("ip", "netns", "add", PEER);
        Shell.run("ip", "-n", NS, "link", "set", "lo", "up");
        Shell.run("ip", "-n", NS, "link", "add", "va", "type", "veth", "peer", "name", "vb");
        Shell.run("ip", "-n", NS, "link", "set", "vb", "netns", PEER);
        Shell.run("ip", "-n", NS, "addr", "add", "198.18.77.1/24", "dev", "va");
        Shell.run("ip", "-n", PEER, "addr", "add", "198.18.77.2/24", "dev", "vb");
        Shell.run("ip", "-n", NS, "link", "set", "va", "up");
        Shell.run("ip", "-n", PEER, "link", "set", "vb", "up");
        Shell.run("ip", "-n", PEER, "link", "set", "lo", "up");
        mountHolder = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sleep", "600")
            .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.readSymbolicLink(Path.of("/proc/" + mountHolder.pid() + "/ns/mnt"))
            .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")))) {
            assertTrue(System.nanoTime() < deadline, "unshare -m did not make a mount namespace");
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Shell.exit("ip", "netns", "del", NS);
        Shell.exit("ip", "netns", "del", PEER);
        if (mountHolder != null) {
            mountHolder.destroyForcibly();
            mountHolder.waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static ResourceInstance ocf(String name, Map<String, String> params) {
        Map<String, String> p = new java.util.HashMap<>(params);
        p.put("name", name);
        return new ResourceInstance("ocf:" + name, "ocf", p);
    }

    @Test
    void ipaddr2AddsAnAddressAnotherNamespaceReachesAndRemovesIt() throws Exception {
        OcfResourceAgent agent = new OcfResourceAgent(Path.of("/usr/lib/ocf"), dir.resolve("rsctmp-ip"),
            List.of("ip", "netns", "exec", NS));
        ResourceInstance vip = ocf("vip", Map.of("agent", "heartbeat:IPaddr2", "ip", "198.18.77.10", "cidr_netmask", "24",
            "nic", "va"));
        assertEquals(OcfStatus.NOT_RUNNING, agent.execute(ResourceOperation.MONITOR, vip, T).status());
        OcfResult start = agent.execute(ResourceOperation.START, vip, T);
        assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
        assertTrue(Shell.run("ip", "-n", NS, "-o", "addr", "show", "dev", "va").contains("inet 198.18.77.10/24"));
        assertEquals(0, Shell.exit("ip", "netns", "exec", PEER, "arping", "-c", "1", "-w", "5", "-I", "vb", "198.18.77.10"),
            "the address answers (ARP) in the other namespace");
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.MONITOR, vip, T).status());
        OcfResult stop = agent.execute(ResourceOperation.STOP, vip, T);
        assertEquals(OcfStatus.SUCCESS, stop.status(), stop.message());
        assertFalse(Shell.run("ip", "-n", NS, "-o", "addr", "show", "dev", "va").contains("198.18.77.10"));
        assertEquals(OcfStatus.NOT_RUNNING, agent.execute(ResourceOperation.MONITOR, vip, T).status());
        assertFalse(Shell.run("ip", "-o", "addr").contains("198.18.77.10"), "the host's addresses never change");
    }

    @Test
    void ipaddr2WithABadAddressIsAConfigurationError() throws Exception {
        OcfResourceAgent agent = new OcfResourceAgent(Path.of("/usr/lib/ocf"), dir.resolve("rsctmp-ip"),
            List.of("ip", "netns", "exec", NS));
        OcfResult r = agent.execute(ResourceOperation.START,
            ocf("badip", Map.of("agent", "heartbeat:IPaddr2", "ip", "198.18.77.999", "nic", "va")), T);
        assertTrue(r.status() == OcfStatus.ERR_CONFIGURED || r.status() == OcfStatus.ERR_ARGS, r.toString());
        assertTrue(r.message().contains("198.18.77.999"), r.message());
    }

    @Test
    void filesystemMountsATmpfsInItsOwnMountNamespaceAndUnmountsIt() throws Exception {
        Path mountPoint = Files.createDirectories(dir.resolve("mnt"));
        OcfResourceAgent agent = new OcfResourceAgent(Path.of("/usr/lib/ocf"), dir.resolve("rsctmp-fs"),
            List.of("nsenter", "-t", Long.toString(mountHolder.pid()), "-m"));
        ResourceInstance fs = ocf("scratch", Map.of("agent", "heartbeat:Filesystem", "device", "none", "fstype", "tmpfs",
            "directory", mountPoint.toString(), "options", "size=8m"));
        Path mounts = Path.of("/proc/" + mountHolder.pid() + "/mounts");
        if (!Files.isExecutable(Path.of("/usr/sbin/modprobe")) && !Files.isExecutable(Path.of("/sbin/modprobe"))) {
            OcfResult r = agent.execute(ResourceOperation.START, fs, T);
            assertEquals(OcfStatus.ERR_INSTALLED, r.status(), r.message());
            assertTrue(r.message().contains("couldn't find command: modprobe"), r.message());
            return;
        }
        assertEquals(OcfStatus.NOT_RUNNING, agent.execute(ResourceOperation.MONITOR, fs, T).status());
        OcfResult start = agent.execute(ResourceOperation.START, fs, T);
        assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
        assertTrue(Files.readString(mounts).contains(" " + mountPoint + " tmpfs "), "mounted in the namespace");
        assertFalse(Files.readString(Path.of("/proc/self/mounts")).contains(" " + mountPoint + " "), "not on the host");
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.MONITOR, fs, T).status());
        OcfResult stop = agent.execute(ResourceOperation.STOP, fs, T);
        assertEquals(OcfStatus.SUCCESS, stop.status(), stop.message());
        assertFalse(Files.readString(mounts).contains(" " + mountPoint + " "), "unmounted");
        assertEquals(OcfStatus.NOT_RUNNING, agent.execute(ResourceOperation.MONITOR, fs, T).status());
    }
}
