package org.vigil.resource.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing what iproute2 prints (samples copied from ip 6.1 output). */
class InterfaceAddressTest {

    private static final String ADDR = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            2: vt1a    inet 198.18.5.1/24 scope global vt1a\\       valid_lft forever preferred_lft forever
            2: vt1a    inet 198.18.5.77/24 brd 198.18.5.255 scope global secondary vt1a:0\\       valid_lft forever preferred_lft forever
            2: vt1a    inet6 2001:2::77/64 scope global tentative \\       valid_lft forever preferred_lft forever
            2: vt2a    inet6 2001:2::99/64 scope global dadfailed tentative \\       valid_lft forever preferred_lft forever
            2: vt1a    inet6 fe80::7ce3:6cff:fec1:9bb0/64 scope link \\       valid_lft forever preferred_lft forever
            """;

    @Test
    void parsesAddressesFlagsAndLabels() throws Exception {
        List<InterfaceAddress> all = InterfaceAddress.parse(ADDR);
        assertEquals(6, all.size());
        InterfaceAddress sec = all.get(2);
        assertEquals("vt1a", sec.iface());
        assertEquals(InetAddress.getByName("198.18.5.77"), sec.address());
        assertEquals(24, sec.prefix());
        assertEquals(Set.of("secondary"), sec.flags());
        assertEquals("vt1a:0", sec.label());
        assertEquals("vt1a", all.get(1).label());
        assertEquals(Set.of("tentative"), all.get(3).flags());
        assertEquals(Set.of("dadfailed", "tentative"), all.get(4).flags());
    }

    @Test
    void subnetContainment() throws Exception {
        List<InterfaceAddress> all = InterfaceAddress.parse(ADDR);
        assertTrue(all.get(1).subnetContains(InetAddress.getByName("198.18.5.200")));
        assertFalse(all.get(1).subnetContains(InetAddress.getByName("198.18.6.1")));
        assertFalse(all.get(1).subnetContains(InetAddress.getByName("2001:2::5")), "other family");
        assertTrue(all.get(3).subnetContains(InetAddress.getByName("2001:2::ffff:1")));
        assertFalse(all.get(3).subnetContains(InetAddress.getByName("2001:2:0:1::1")));
        assertTrue(InterfaceAddress.samePrefix(InetAddress.getByName("10.1.2.3"), InetAddress.getByName("10.1.3.4"), 23));
    }

    @Test
    void linkStates() {
        Link up = Link.parse("va", "2: va@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT");
        assertTrue(up.up());
        Link noCarrier = Link.parse("va", "2: va@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN");
        assertFalse(noCarrier.up());
        assertEquals("link of va is down (no carrier, state DOWN)", noCarrier.why());
        Link adminDown = Link.parse("va", "2: va@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN");
        assertEquals("interface va is administratively down", adminDown.why());
    }
}
