package org.vigil.resource.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.resource.support.Commands;

class IpParametersTest {

    @Test
    void defaultsAndPrefixFromTheAddress() {
        IpParameters p = IpParameters.parse(Map.of("address", "198.18.1.10/24"));
        assertEquals("198.18.1.10", p.addressText());
        assertEquals(Optional.of(24), p.prefix());
        assertEquals(Optional.empty(), p.iface());
        assertTrue(p.monitorLink());
        assertTrue(p.duplicateCheck());
        assertEquals(Duration.ofSeconds(10), p.sleepTime());
        assertEquals(2, p.arpCount());
        assertFalse(p.ipv6());
    }

    @Test
    void ipv6AndPacemakerAliases() throws Exception {
        IpParameters p = IpParameters.parse(Map.of("address", "2001:2::0010", "cidr_netmask", "64", "nic", "eth0",
                "monitor_link", "no", "sleeptime", "0"));
        assertTrue(p.ipv6());
        assertEquals("2001:2::10", p.addressText());
        assertEquals("::1", IpParameters.text(java.net.InetAddress.getByName("::1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpParameters.text(java.net.InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", IpParameters.text(java.net.InetAddress.getByName("2001:0:0:1:0:0:0:1")));
        assertEquals("fe80::", IpParameters.text(java.net.InetAddress.getByName("fe80:0:0:0:0:0:0:0")));
        assertEquals(Optional.of(64), p.prefix());
        assertEquals(Optional.of("eth0"), p.iface());
        assertFalse(p.monitorLink());
        assertEquals(Duration.ZERO, p.sleepTime());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "198.18.300.1|address '198.18.300.1' is not an IPv4 or IPv6 address",
        "www.example.com|address 'www.example.com' is not an IPv4 or IPv6 address",
        "198.18.1.1/33|prefix 33 is longer than 32 bits",
        "198.18.1.1/x|prefix 'x' is not a number of bits",
        "127.0.0.5|cannot float",
        "fe80::1|cannot float",
        "2001:2::zz|is not an IPv4 or IPv6 address"})
    void badAddressesAreNamed(String address, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpParameters.parse(Map.of("address", address)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void everyProblemIsListedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpParameters.parse(
                Map.of("monitor_link", "maybe", "sleeptime", "-1", "interface", "bad name")));
        assertEquals("invalid ip resource parameters: address is required; interface 'bad name' is not an interface "
                + "name; monitor_link 'maybe' is not 1 or 0; sleeptime -1 is not between 0 and 3600", e.getMessage());
    }

    @Test
    void contradictingPrefixAndLabelRules() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpParameters.parse(Map.of("address",
                "198.18.1.1/24", "prefix", "16"))).getMessage().contains("prefix 16 contradicts address 198.18.1.1/24"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpParameters.parse(Map.of("address",
                "198.18.1.1", "interface", "eth0", "label", "eth1:x"))).getMessage()
                .contains("label 'eth1:x' must start with the interface name eth0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpParameters.parse(Map.of("address",
                "2001:2::1", "label", "eth0:x"))).getMessage().contains("label is for IPv4 addresses only"));
    }

    @Test
    void metadataMarksAddressRequiredAndUnique() {
        IpResourceAgent agent = new IpResourceAgent();
        assertEquals("ip", agent.metadata().type());
        ResourceParameter address = agent.metadata().parameters().get(0);
        assertEquals("address", address.name());
        assertTrue(address.required() && address.unique());
        assertEquals(Optional.of("1"), agent.metadata().parameters().stream()
                .filter(x -> x.name().equals("monitor_link")).findFirst().orElseThrow().defaultValue());
        assertEquals(Duration.ofSeconds(20), agent.metadata().defaultTimeouts().get(ResourceOperation.START));
    }

    @Test
    void theAgentAnswersBadParametersWithErrConfiguredWithoutRunningAnything() {
        var r = new IpResourceAgent(new Commands(java.util.List.of("/nonexistent/prefix")))
                .execute(ResourceOperation.START, new ResourceInstance("vip", "ip", Map.of("address", "1.2.3")),
                        Duration.ofSeconds(5));
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.message().contains("address '1.2.3' is not an IPv4 or IPv6 address"), r.message());
    }
}
