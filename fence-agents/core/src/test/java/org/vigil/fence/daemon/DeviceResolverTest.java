package org.vigil.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.fence.FenceAction;
import org.vigil.config.ClusterConfReader;

/** Levels, parameters, plugs, actions, delays, timeouts and routes from a real cluster.conf. */
class DeviceResolverTest {

    static final String CONF = """
        <?xml version="1.0"?>
        <cluster name="shop" config_version="27">
          <fence_daemon post_fail_delay="2.5" post_join_delay="20"/>
          <clusternodes>
            <clusternode name="app1" nodeid="1">
              <fence>
                <method name="ipmi"><device name="ipmi_app1" action="reboot" delay="15"/></method>
                <method name="pdu">
                  <device name="apc_a" port="1" action="off"/>
                  <device name="apc_b" plug="1" action="off"/>
                </method>
              </fence>
              <unfence><device name="apc_a" port="1" action="on"/></unfence>
            </clusternode>
            <clusternode name="app2" nodeid="2">
              <fence><method name="m"><device name="ipmi_app2" delay="soon"/><device name="human" nodename="app2"/></method></fence>
            </clusternode>
            <clusternode name="app3" nodeid="3"/>
          </clusternodes>
          <fencedevices>
            <fencedevice agent="fence_ipmilan" name="ipmi_app1" ipaddr="10.1.0.11" login="root" passwd="calvin" timeout="30"/>
            <fencedevice agent="ipmi" name="ipmi_app2" ipaddr="10.1.0.12" login="root" passwd="calvin2"/>
            <fencedevice agent="fence_apc_snmp" name="apc_a" ipaddr="10.1.0.21" community="pr1vate"/>
            <fencedevice agent="acme_switch" name="apc_b" ipaddr="10.1.0.22"/>
            <fencedevice agent="fence_ack_manual" name="human"/>
          </fencedevices>
        </cluster>
        """;

    static ClusterConfiguration config() throws Exception {
        return new ClusterConfReader().read("cluster.conf", CONF.getBytes(StandardCharsets.UTF_8));
    }

    private static DeviceResolver resolver(Set<String> installed) throws Exception {
        return new DeviceResolver(config(), installed, "app3", Duration.ofSeconds(60));
    }

    @Test
    void levelsKeepTheOrderAndMergeDeviceAndNodeParameters() throws Exception {
        List<Level> levels = resolver(Set.of("external", "ipmi", "manual")).levels("app1", FenceAction.REBOOT);
        assertEquals(2, levels.size());
        assertEquals("level 1 (ipmi)", levels.get(0).label());
        DeviceStep ipmi = levels.get(0).devices().get(0);
        assertEquals("external", ipmi.route().type(), "fence_ipmilan goes to the external agent");
        assertEquals(Map.of("ipaddr", "10.1.0.11", "login", "root", "passwd", "calvin", "timeout", "30",
            "agent", "fence_ipmilan"), ipmi.parameters(), "no name, action or delay; agent added for external");
        assertEquals(FenceAction.REBOOT, ipmi.action());
        assertEquals(Duration.ofSeconds(15), ipmi.delay());
        assertEquals(Duration.ofSeconds(30), ipmi.timeout());
        assertNull(ipmi.plug());
        assertFalse(ipmi.toString().contains("calvin"), ipmi.toString());

        DeviceStep a = levels.get(1).devices().get(0);
        DeviceStep b = levels.get(1).devices().get(1);
        assertEquals("1", a.plug(), "port=");
        assertEquals("1", b.plug(), "plug=");
        assertFalse(a.parameters().containsKey("port"));
        assertEquals(FenceAction.OFF, a.action(), "action=\"off\" on the device wins over reboot");
        assertEquals(Duration.ofSeconds(60), a.timeout(), "the default timeout");
        assertEquals("apc_a:1 + apc_b:1", levels.get(1).deviceLabels());
        assertFalse(b.route().installed());
        assertEquals("no fence agent of type 'acme_switch' is installed on app3", b.route().note());
    }

    @Test
    void anExplicitOffAppliesToEveryDevice() throws Exception {
        List<Level> levels = resolver(Set.of("ipmi")).levels("app1", FenceAction.OFF);
        assertEquals(FenceAction.OFF, levels.get(0).devices().get(0).action());
    }

    @Test
    void aBadDelayIsAProblemOfThatDevice() throws Exception {
        DeviceStep d = resolver(Set.of("ipmi", "manual")).levels("app2", FenceAction.REBOOT).get(0).devices().get(0);
        assertEquals("delay 'soon' of device ipmi_app2 is not a number of seconds", d.problem());
        DeviceStep human = resolver(Set.of("ipmi", "manual")).levels("app2", FenceAction.REBOOT).get(0).devices().get(1);
        assertTrue(human.manual(), "fence_ack_manual is served by the manual agent");
        assertEquals(Map.of("nodename", "app2"), human.parameters());
    }

    @Test
    void aNodeWithoutMethodsHasNoLevels() throws Exception {
        assertEquals(List.of(), resolver(Set.of()).levels("app3", FenceAction.REBOOT));
    }

    @Test
    void unfenceDevicesComeFromTheUnfenceSection() throws Exception {
        List<DeviceStep> on = resolver(Set.of("external")).unfence("app1");
        assertEquals(1, on.size());
        assertEquals("apc_a:1", on.get(0).label());
        assertEquals(FenceAction.ON, on.get(0).action());
        assertEquals("fence_apc_snmp", on.get(0).parameters().get("agent"));
        assertEquals(List.of(), resolver(Set.of()).unfence("app2"));
    }

    @Test
    void theFenceDaemonSectionGivesTheDelays() throws Exception {
        FenceSettings.Cluster c = FenceSettings.Cluster.from(config());
        assertEquals(Duration.ofMillis(2500), c.postFailDelay());
        assertEquals(Duration.ofSeconds(20), c.postJoinDelay());
        assertFalse(c.cleanStart());
        assertEquals(List.of(), c.problems());
    }

    @ParameterizedTest(name = "agent={0} installed=[{1}] -> {2} {3}")
    @CsvSource(delimiter = ';', value = {
        "ipmi ; ipmi external ; ipmi ; true",
        "fence_ipmilan ; ipmi external ; external ; true",
        "fence_ipmilan ; ipmi ; external ; false",
        "fence_manual ; manual ; manual ; true",
        "fence_ack_manual ; manual external ; manual ; true",
        "fence_manual ; external ; manual ; false",
        "acme ; ipmi external manual ; acme ; false",
        "fence_ipmilan ; fence_ipmilan external ; fence_ipmilan ; true",
        "Fence_X ; external ; Fence_X ; false",
    })
    void routesAsTheConventionsSay(String agent, String installed, String type, boolean ok) {
        AgentRouting.Route r = AgentRouting.route(agent, Set.of(installed.strip().split("\\s+")), "n1");
        assertEquals(type, r.type());
        assertEquals(ok, r.installed());
        if (!ok) {
            assertTrue(r.note().startsWith("no fence agent of type '" + agent + "' is installed on n1"), r.note());
        }
        assertEquals(type.equals("external") ? Map.of("agent", agent) : Map.of(), r.extra());
    }
}
