package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.config.ClusterConfReaderTest.resource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.config.TotemSettings;

class RoundTripTest {

    private final ClusterConfReader reader = new ClusterConfReader();
    private final ClusterConfWriter writer = new ClusterConfWriter();

    static Stream<String> samples() {
        return Stream.of("tcluster.conf", "loopback.conf", "two-node-ipmi.conf", "web-mysql-qdisk.conf",
            "seed001-webservice.conf", "pdu-two-levels.conf");
    }

    /** An element as "name{attributes in order}" with its children indented below: order matters everywhere. */
    static List<String> outline(XmlElement e) {
        List<String> lines = new ArrayList<>();
        outline(e, "", lines);
        return lines;
    }

    private static void outline(XmlElement e, String indent, List<String> lines) {
        lines.add(indent + e.name() + e.attributes().entrySet().stream().map(a -> a.getKey() + "=" + a.getValue()).toList());
        e.children().forEach(c -> outline(c, indent + "  ", lines));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void readWriteReadGivesTheSameModelAndTheSameDocument(String sample) throws Exception {
        byte[] original = Files.readAllBytes(resource(sample));
        ClusterConfiguration first = reader.read(sample, original);
        String written = writer.write(first);
        ClusterConfiguration second = reader.read("written " + sample, written.getBytes(StandardCharsets.UTF_8));
        assertEquals(first, second);
        assertEquals(outline(SafeXmlParser.parse(original)), outline(SafeXmlParser.parse(written.getBytes(StandardCharsets.UTF_8))),
            written);
        assertEquals(written, writer.write(second), "writing is stable");
    }

    @Test
    void seed001ServiceWithIpScriptAndNfsMount() throws Exception {
        ClusterConfiguration c = reader.read(resource("seed001-webservice.conf"));
        ResourceManager rm = c.resourceManager();
        assertEquals(List.of(), rm.failoverDomains());
        assertEquals(List.of("ip", "script", "netfs"), rm.resources().stream().map(ResourceDefinition::type).toList());
        assertEquals(List.of("192.168.41.222", "webserver", "webstore"),
            rm.resources().stream().map(ResourceDefinition::key).toList());
        assertEquals("/web/htdocs", rm.resource("netfs", "webstore").orElseThrow().attributes().get("export"));
        ServiceDefinition web = rm.service("webservice").orElseThrow();
        assertTrue(web.autostart());
        assertFalse(web.exclusive());
        assertEquals("restart", web.recovery());
        assertEquals(Optional.empty(), web.domain());
        assertEquals(List.of("192.168.41.222", "webserver", "webstore"),
            web.resources().stream().map(r -> r.ref().orElseThrow()).toList());
        assertEquals(List.of(FenceMethod.of("single", List.of(FenceDeviceRef.of("meatware", Map.of())))),
            c.fenceMethods("node2.magedu.com").stream().map(m -> FenceMethod.of(m.name(), m.devices())).toList());
        assertEquals(List.of(FenceDevice.of("meatware", "fence_manual", Map.of())), c.fenceDevices());
    }

    @Test
    void fencingLevelsDevicesAndParameters() throws Exception {
        ClusterConfiguration c = reader.read(resource("pdu-two-levels.conf"));
        List<FenceMethod> app1 = c.fenceMethods("app1");
        assertEquals(List.of("ipmi", "pdu"), app1.stream().map(FenceMethod::name).toList());
        assertEquals(List.of("apc_a", "apc_b"), app1.get(1).devices().stream().map(FenceDeviceRef::name).toList());
        assertEquals(Map.of("port", "1", "action", "off"), app1.get(1).devices().get(0).parameters());
        assertEquals(List.of(), c.fenceMethods("app3"));
        FenceDevice apc = c.fenceDevice("apc_a").orElseThrow();
        assertEquals("fence_apc_snmp", apc.agent());
        assertEquals(List.of("ipaddr", "community", "snmp_version"), List.copyOf(apc.parameters().keySet()));
        assertEquals("pr1vate", apc.parameters().get("community"));
        var front = c.resourceManager().failoverDomain("front").orElseThrow();
        assertTrue(front.ordered() && front.restricted() && front.noFailback());
        assertEquals(List.of(OptionalInt.of(1), OptionalInt.of(2)), front.nodes().stream().map(n -> n.priority()).toList());
        ServiceDefinition shop = c.resourceManager().service("shop").orElseThrow();
        assertEquals(OptionalInt.of(3), shop.maxRestarts());
        assertEquals(Optional.of(Duration.ofMinutes(5)), shop.restartExpireTime());
        ResourceDefinition fs = shop.resources().get(0).children().get(0);
        assertEquals(List.of("nfsexport", "script"), fs.children().stream().map(ResourceDefinition::type).toList());
        assertEquals(Optional.empty(), fs.children().get(1).ref());
        assertEquals(Duration.ofSeconds(10), c.totem().token());
        assertEquals(List.of("logging", "totem", "dlm", "cman", "clusternodes", "fencedevices", "rm"),
            c.layout().sections().stream().map(s -> s.name()).toList());
        assertEquals("disable", c.resourceManager().service("cron").orElseThrow().recovery());
        assertFalse(c.resourceManager().service("cron").orElseThrow().autostart());
    }

    @Test
    void aConfigurationMadeInCodeIsWrittenInVigilsOrderAndReadBack() throws Exception {
        ClusterConfiguration made = new ClusterConfiguration("made", 7,
            List.of(new NodeDefinition("a", 1, 1, "a", OptionalInt.empty()),
                new NodeDefinition("b", 2, 2, "10.0.0.2", OptionalInt.of(7201))),
            new QuorumSettings(OptionalInt.of(3), true, true, false, Duration.ofSeconds(10), false, List.of(), false),
            new TotemSettings(Duration.ofMillis(800)),
            Optional.of(new QuorumDiskSettings("/dev/sdb5", "qd", 1, Duration.ofSeconds(1), 10)));
        String xml = writer.write(made);
        assertEquals("""
            <?xml version="1.0"?>
            <cluster name="made" config_version="7">
              <cman expected_votes="3" two_node="1"/>
              <totem token="800"/>
              <quorumd device="/dev/sdb5" label="qd"/>
              <clusternodes>
                <clusternode name="a" nodeid="1"/>
                <clusternode name="b" nodeid="2" votes="2" address="10.0.0.2" port="7201"/>
              </clusternodes>
            </cluster>
            """, xml);
        ClusterConfiguration back = reader.read("made", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(made.nodes(), back.nodes());
        assertEquals(made.quorum(), back.quorum());
        assertEquals(made.totem(), back.totem());
        assertEquals(made.quorumDisk(), back.quorumDisk());
    }

    @Test
    void aChangedValueIsWrittenAndTheRestKept() throws Exception {
        ClusterConfiguration c = reader.read(resource("web-mysql-qdisk.conf"));
        ClusterConfiguration bumped = new ClusterConfiguration(c.name(), 41, c.nodes(), c.quorum(), c.totem(),
            c.quorumDisk(), c.fenceMethods(), c.fenceDevices(), c.resourceManager(), c.layout());
        String xml = writer.write(bumped);
        assertTrue(xml.contains("<cluster alias=\"mycluster\" config_version=\"41\" name=\"mycluster\">"), xml);
        assertTrue(xml.contains("<multicast addr=\"239.192.221.146\"/>"), xml);
        assertTrue(xml.contains("<heuristic interval=\"3\" program=\"ping -c1 -t1 192.168.12.246\" score=\"1\"/>"), xml);
    }

    @Test
    void oldConstructorMeansNoFencingAndAnEmptyResourceManager() {
        ClusterConfiguration c = new ClusterConfiguration("x", 1, List.of(), QuorumSettings.defaults(),
            TotemSettings.defaults(), Optional.empty());
        assertEquals(Map.of(), c.fenceMethods());
        assertEquals(List.of(), c.fenceDevices());
        assertTrue(c.resourceManager().isEmpty());
    }
}
