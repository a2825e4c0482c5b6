package org.vigil.resource.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Agent names and meta-data, without running anything. */
class OcfAgentNameTest {

    @Test
    void providerAndType() {
        assertEquals(new OcfAgentName("heartbeat", "IPaddr2"), OcfAgentName.parse("heartbeat:IPaddr2"));
        assertEquals(new OcfAgentName("pacemaker", "Dummy"), OcfAgentName.parse("ocf:pacemaker:Dummy"));
        assertEquals(Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2"),
            OcfAgentName.parse("heartbeat:IPaddr2").file(Path.of("/usr/lib/ocf")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"IPaddr2", "heartbeat:../../../bin/sh", "heartbeat:..", "../x:Dummy", "heartbeat:a/b",
        "heartbeat:", ":Dummy", "a:b:c", "heartbeat:-rf", "heartbeat:.hidden", "heartbeat:Dummy x"})
    void namesThatCouldBePathsAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OcfAgentName.parse(name));
        assertTrue(e.getMessage().contains("'" + name + "' is not PROVIDER:TYPE"), e.getMessage());
    }

    @Test
    void aMissingNameSaysWhatIsExpected() {
        assertEquals("parameter agent is required (PROVIDER:TYPE, e.g. heartbeat:IPaddr2)",
            assertThrows(IllegalArgumentException.class, () -> OcfAgentName.parse(null)).getMessage());
    }

    @Test
    void instanceNames() {
        assertEquals("web-ip", OcfResourceAgent.instance("ocf:web-ip"));
        assertEquals("svc_1", OcfResourceAgent.instance("ocf:svc/1"));
    }

    @Test
    void metadataParametersAndTimeouts() {
        OcfMetadata m = OcfMetadata.parse("""
            <?xml version="1.0"?>
            <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
            <resource-agent name="Filesystem" version="1.1">
              <parameters>
                <parameter name="device" required="1"><shortdesc lang="en">block
                  device</shortdesc><content type="string" default=""/></parameter>
                <parameter name="fstype" required="1" unique="0"><content type="string"/></parameter>
                <parameter name="options"><content type="string" default="rw"/></parameter>
              </parameters>
              <actions><action name="start" timeout="60s"/><action name="monitor" timeout="40" interval="20s"/>
                <action name="stop" timeout="2m"/></actions>
            </resource-agent>
            """);
        assertEquals("Filesystem", m.name());
        assertEquals(java.util.List.of("device", "fstype"), m.required());
        assertEquals("block device", m.parameters().get(0).description());
        assertEquals(java.util.Optional.of("rw"), m.parameters().get(2).defaultValue());
        assertEquals(Duration.ofSeconds(60), m.timeouts().get("start"));
        assertEquals(Duration.ofSeconds(40), m.timeouts().get("monitor"));
        assertEquals(Duration.ofMinutes(2), m.timeouts().get("stop"));
    }

    @Test
    void metadataWithExternalEntitiesIsNotExpanded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OcfMetadata.parse(
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><resource-agent name=\"&x;\"/>"));
        assertTrue(e.getMessage().startsWith("meta-data is not XML"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OcfMetadata.parse("<html/>"));
    }
}
