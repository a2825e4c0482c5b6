package org.vigil.resource.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.resource.support.Commands;

/**
 * The agent for real, inside two network namespaces joined by a veth pair (A runs the agent,
 * B is another host on the link). Needs root, iproute2, iputils-arping, ndisc6 and
 * resource-agents (send_ua, IPaddr2).
 */
class IpNetnsIT {

    private static final Duration T = Duration.ofSeconds(20);
    private static NetnsPair ns;
    private static IpResourceAgent agent;

    @BeforeAll
    static void namespaces() throws Exception {
        for (String tool : List.of("ip", "arping", "ndisc6", "send_ua")) {
            assertTrue(Commands.find(tool).isPresent(), tool + " is not installed (packages iproute2 iputils-arping "
                    + "ndisc6 resource-agents)");
        }
        ns = new NetnsPair("t", 42);
        agent = new IpResourceAgent(ns.inA());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ns != null) {
            ns.close();
        }
    }

    private static ResourceInstance ip(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("sleeptime", "0");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new ResourceInstance("vip", "ip", m);
    }

    private static OcfResult run(ResourceOperation op, ResourceInstance r) {
        return agent.execute(op, r, T);
    }

    private static String addrsOfA() throws Exception {
        return NetnsPair.sh("ip", "-n", ns.a, "-o", "addr", "show", "dev", "va");
    }

    @Test
    void ipv4AddressAppearsAnswersFromTheOtherNamespaceAndGoesAwayOnStop() throws Exception {
        String addr = ns.v4(77);
        ResourceInstance r = ip("address", addr); // interface and prefix from the matching subnet
        try {
            assertEquals(OcfStatus.NOT_RUNNING, run(ResourceOperation.MONITOR, r).status());
            OcfResult start = run(ResourceOperation.START, r);
            assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
            assertTrue(start.message().contains("sending 2 gratuitous ARPs in the background"), start.message());
            String seen = addrsOfA();
            assertTrue(seen.contains("inet " + addr + "/24") && seen.contains("secondary va:77"), seen);
            // another host on the link gets an ARP answer for the address (iputils arping exits 0 on a reply)
            NetnsPair.Out arp = NetnsPair.run("ip", "netns", "exec", ns.b, "arping", "-c", "1", "-w", "3", "-I", "vb",
                    addr);
            assertEquals(0, arp.code(), arp.text());
            assertTrue(arp.text().contains("reply from " + addr), arp.text());
            OcfResult mon = run(ResourceOperation.MONITOR, r);
            assertEquals(OcfStatus.SUCCESS, mon.status(), mon.message());
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.START, r).status(), "start is idempotent");
            OcfResult stop = run(ResourceOperation.STOP, r);
            assertEquals(OcfStatus.SUCCESS, stop.status(), stop.message());
            assertFalse(addrsOfA().contains(addr + "/"), addrsOfA());
            assertEquals(OcfStatus.NOT_RUNNING, run(ResourceOperation.MONITOR, r).status());
            OcfResult again = run(ResourceOperation.STOP, r);
            assertEquals(OcfStatus.SUCCESS, again.status(), "stop of an absent address succeeds");
            assertTrue(again.message().contains("nothing to remove"), again.message());
        } finally {
            run(ResourceOperation.STOP, r);
        }
    }

    @Test
    void gratuitousArpTeachesTheNeighboursTheAddress() throws Exception {
        String addr = ns.v4(82);
        String macOfA = NetnsPair.sh("ip", "-n", ns.a, "-o", "link", "show", "dev", "va")
                .replaceAll("(?s).*link/ether (\\S+).*", "$1").strip();
        // B learns addresses from gratuitous ARP only with arp_accept
        NetnsPair.sh("ip", "netns", "exec", ns.b, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/conf/vb/arp_accept");
        ResourceInstance r = ip("address", addr, "arp_bg", "0", "arp_count", "1", "duplicate_check", "0");
        try {
            assertFalse(NetnsPair.sh("ip", "-n", ns.b, "neigh", "show", addr).contains("lladdr"), "B knows nothing yet");
            OcfResult start = run(ResourceOperation.START, r);
            assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
            assertTrue(start.message().endsWith(", sent 1 gratuitous ARP"), start.message());
            String neigh = NetnsPair.sh("ip", "-n", ns.b, "neigh", "show", addr);
            assertTrue(neigh.contains("lladdr " + macOfA), "B learnt " + addr + " is at " + macOfA + ": " + neigh);
        } finally {
            run(ResourceOperation.STOP, r);
            NetnsPair.run("ip", "-n", ns.b, "neigh", "flush", "dev", "vb");
        }
    }

    @Test
    void aLinkWithoutCarrierIsAFailureWithItsReason() throws Exception {
        ResourceInstance r = ip("address", ns.v4(78) + "/24", "interface", "va");
        try {
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.START, r).status());
            NetnsPair.sh("ip", "-n", ns.b, "link", "set", "vb", "down"); // the peer's end: A loses carrier
            OcfResult down = run(ResourceOperation.MONITOR, r);
            assertEquals(OcfStatus.ERR_GENERIC, down.status(), down.message());
            assertTrue(down.message().contains("link of va is down (no carrier"), down.message());
            OcfResult noLink = agent.execute(ResourceOperation.MONITOR, ip("address", ns.v4(78), "monitor_link", "0"), T);
            assertEquals(OcfStatus.SUCCESS, noLink.status(), "monitor_link=0 ignores the link: " + noLink.message());
            NetnsPair.sh("ip", "-n", ns.b, "link", "set", "vb", "up");
            OcfResult back = waitFor(r, OcfStatus.SUCCESS);
            assertEquals(OcfStatus.SUCCESS, back.status(), back.message());
        } finally {
            NetnsPair.sh("ip", "-n", ns.b, "link", "set", "vb", "up");
            run(ResourceOperation.STOP, r);
        }
    }

    @Test
    void startOnALinkWithoutCarrierIsRefused() throws Exception {
        ResourceInstance r = ip("address", ns.v4(79));
        try {
            NetnsPair.sh("ip", "-n", ns.b, "link", "set", "vb", "down");
            OcfResult start = run(ResourceOperation.START, r);
            assertEquals(OcfStatus.ERR_GENERIC, start.status(), start.message());
            assertTrue(start.message().contains("no carrier"), start.message());
            assertFalse(addrsOfA().contains(ns.v4(79) + "/"), "nothing added: " + addrsOfA());
        } finally {
            NetnsPair.sh("ip", "-n", ns.b, "link", "set", "vb", "up");
            run(ResourceOperation.STOP, r);
        }
    }

    @Test
    void ipv6AddressPassesDadIsAnnouncedAndAnswersNeighbourSolicitations() throws Exception {
        String addr = ns.v6("77");
        ResourceInstance r = ip("address", addr);
        try {
            OcfResult start = run(ResourceOperation.START, r);
            assertEquals(OcfStatus.SUCCESS, start.status(), start.message());
            assertTrue(start.message().contains("sending 2 unsolicited neighbour advertisements in the background"),
                    start.message());
            String seen = NetnsPair.sh("ip", "-n", ns.a, "-o", "-6", "addr", "show", "dev", "va");
            assertTrue(seen.contains("inet6 " + addr + "/64"), seen);
            assertFalse(seen.contains("tentative"), "start waits for DAD: " + seen);
            NetnsPair.Out nd = NetnsPair.run("ip", "netns", "exec", ns.b, "ndisc6", "-1", "-r", "3", "-w", "1000", addr,
                    "vb");
            assertEquals(0, nd.code(), nd.text());
            assertTrue(nd.text().contains("Target link-layer address"), nd.text());
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.MONITOR, r).status());
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.STOP, r).status());
            assertFalse(NetnsPair.sh("ip", "-n", ns.a, "-o", "-6", "addr", "show", "dev", "va").contains(addr + "/"));
            assertEquals(OcfStatus.NOT_RUNNING, run(ResourceOperation.MONITOR, r).status());
        } finally {
            run(ResourceOperation.STOP, r);
        }
    }

    @Test
    void anIpv4AddressThatAnswersElsewhereIsRefused() throws Exception {
        String taken = ns.v4(2); // B's own address
        ResourceInstance r = ip("address", taken);
        String before = addrsOfA();
        OcfResult start = run(ResourceOperation.START, r);
        assertEquals(OcfStatus.ERR_GENERIC, start.status(), start.message());
        assertTrue(start.message().startsWith("refusing to start " + taken + ": the address already answers on the "
                + "link of va (answered by "), start.message());
        assertEquals(before, addrsOfA(), "nothing changed");
    }

    @Test
    void anIpv6AddressThatAnswersElsewhereIsRefused() throws Exception {
        String taken = ns.v6("99");
        NetnsPair.sh("ip", "-n", ns.b, "-6", "addr", "add", taken + "/64", "dev", "vb", "nodad");
        try {
            ResourceInstance r = ip("address", taken);
            OcfResult start = run(ResourceOperation.START, r);
            assertEquals(OcfStatus.ERR_GENERIC, start.status(), start.message());
            assertTrue(start.message().contains("already answers on the link of va")
                    && start.message().contains("IPv6 duplicate address detection failed"), start.message());
            assertFalse(NetnsPair.sh("ip", "-n", ns.a, "-o", "-6", "addr", "show").contains(taken + "/"),
                    "removed again");
        } finally {
            NetnsPair.run("ip", "-n", ns.b, "-6", "addr", "del", taken + "/64", "dev", "vb");
        }
    }

    @Test
    void badParametersNameWhatIsWrongAndChangeNothing() throws Exception {
        String before = addrsOfA();
        OcfResult bad = run(ResourceOperation.START, ip("address", "198.18.300.1"));
        assertEquals(OcfStatus.ERR_CONFIGURED, bad.status());
        assertTrue(bad.message().contains("address '198.18.300.1' is not an IPv4 or IPv6 address"), bad.message());
        OcfResult noSubnet = run(ResourceOperation.START, ip("address", "198.19.200.5"));
        assertEquals(OcfStatus.ERR_CONFIGURED, noSubnet.status());
        assertTrue(noSubnet.message().contains("no interface for 198.19.200.5: no interface has an IPv4 address in a "
                + "subnet containing it"), noSubnet.message());
        OcfResult noIf = run(ResourceOperation.START, ip("address", ns.v4(80) + "/24", "interface", "nosuch0"));
        assertEquals(OcfStatus.ERR_CONFIGURED, noIf.status());
        assertTrue(noIf.message().contains("interface nosuch0 for " + ns.v4(80) + " does not exist"), noIf.message());
        OcfResult missing = run(ResourceOperation.VALIDATE, ip("interface", "va"));
        assertEquals(OcfStatus.ERR_CONFIGURED, missing.status());
        assertTrue(missing.message().contains("address is required"), missing.message());
        OcfResult ok = run(ResourceOperation.VALIDATE, ip("address", ns.v4(80)));
        assertEquals(OcfStatus.SUCCESS, ok.status(), ok.message());
        assertEquals("valid: " + ns.v4(80) + "/24 on va", ok.message());
        assertEquals(before, addrsOfA(), "nothing changed");
    }

    @Test
    void anOperationStopsOnItsOwnWhenItsTimeoutPasses() throws Exception {
        ResourceInstance r = ip("address", ns.v4(81));
        try {
            // the duplicate check alone (2 ARP probes one second apart) takes longer than 300 ms
            OcfResult start = agent.execute(ResourceOperation.START, r, Duration.ofMillis(300));
            assertEquals(OcfStatus.TIMED_OUT, start.status(), start.message());
            assertTrue(start.message().contains("timed out after 0.3 s while duplicate check"), start.message());
            assertFalse(addrsOfA().contains(ns.v4(81) + "/"), "nothing added");
        } finally {
            run(ResourceOperation.STOP, r);
        }
    }

    @Test
    void clusterLabsIpaddr2AndThisAgentAgreeOnTheSameAddress() throws Exception {
        String addr = ns.v4(90);
        ResourceInstance r = ip("address", addr + "/24", "interface", "va");
        Path tmp = Files.createTempDirectory("vigil-ipaddr2");
        try {
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.START, r).status());
            assertEquals(0, ipaddr2(tmp, "monitor", addr).code(), "IPaddr2 sees our address running");
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.STOP, r).status());
            assertEquals(7, ipaddr2(tmp, "monitor", addr).code(), "IPaddr2 sees it gone");
            NetnsPair.Out start = ipaddr2(tmp, "start", addr);
            assertEquals(0, start.code(), start.text());
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.MONITOR, r).status(), "we see IPaddr2's address");
            assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.STOP, r).status(), "and can take it away");
            assertEquals(7, ipaddr2(tmp, "monitor", addr).code(), "IPaddr2 agrees it is gone");
            assertEquals(0, ipaddr2(tmp, "stop", addr).code());
        } finally {
            ipaddr2(tmp, "stop", addr);
            run(ResourceOperation.STOP, r);
            NetnsPair.run("rm", "-rf", tmp.toString());
        }
    }

    private static NetnsPair.Out ipaddr2(Path tmp, String action, String addr) throws Exception {
        return NetnsPair.run("ip", "netns", "exec", ns.a, "env", "OCF_ROOT=/usr/lib/ocf",
                "OCF_RESOURCE_INSTANCE=vip", "HA_RSCTMP=" + tmp, "OCF_RESKEY_ip=" + addr, "OCF_RESKEY_cidr_netmask=24",
                "OCF_RESKEY_nic=va", "/usr/lib/ocf/resource.d/heartbeat/IPaddr2", action);
    }

    private static OcfResult waitFor(ResourceInstance r, OcfStatus wanted) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        OcfResult last;
        do {
            last = run(ResourceOperation.MONITOR, r);
            if (last.status() == wanted) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        } while (System.nanoTime() < end);
        return last;
    }
}
