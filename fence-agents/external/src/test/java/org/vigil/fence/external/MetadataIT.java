package org.vigil.fence.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.ParameterType;
import org.vigil.fence.testpeers.IpmiSim;

/** The metadata of the real ClusterLabs fence_ipmilan and fence_apc_snmp (package fence-agents). */
class MetadataIT {
    private final ExternalFenceAgent agent = new ExternalFenceAgent();

    private static Map<String, AgentParameter> byName(FenceAgentMetadata m) {
        Map<String, AgentParameter> p = new HashMap<>();
        m.parameters().forEach(x -> p.put(x.name(), x));
        return p;
    }

    @Test
    void fenceIpmilan() {
        IpmiSim.require("fence_ipmilan", "fence-agents");
        FenceAgentMetadata m = agent.metadata(Map.of("agent", "fence_ipmilan"));
        assertEquals("external", m.type());
        assertEquals("Fence agent for IPMI (ClusterLabs fence_ipmilan, run by the external adapter)", m.description());
        assertEquals(Set.of(FenceAction.ON, FenceAction.OFF, FenceAction.REBOOT, FenceAction.STATUS,
                FenceAction.MONITOR), m.actions(), "fence_ipmilan has no list");
        assertEquals("agent", m.parameters().get(0).name());
        Map<String, AgentParameter> p = byName(m);
        for (String s : new String[] {"ip", "ipaddr", "username", "login", "password", "passwd", "ipport", "lanplus",
            "cipher", "privlvl", "method", "power_wait", "power_timeout", "hexadecimal_kg", "password_script"}) {
            assertTrue(p.containsKey(s), s + " missing from " + p.keySet());
        }
        for (String s : new String[] {"action", "plug", "port", "help", "version"}) {
            assertFalse(p.containsKey(s), s + " should not be a device parameter");
        }
        assertTrue(p.get("password").secret());
        assertTrue(p.get("passwd").secret());
        assertTrue(p.get("hexadecimal_kg").secret());
        assertFalse(p.get("password_script").secret());
        assertFalse(p.get("username").secret());
        assertEquals(ParameterType.INTEGER, p.get("ipport").type());
        assertEquals(Optional.of("623"), p.get("ipport").defaultValue());
        assertEquals(ParameterType.BOOLEAN, p.get("lanplus").type());
        assertEquals(ParameterType.SECONDS, p.get("power_wait").type());
        assertEquals(Optional.of("2"), p.get("power_wait").defaultValue());
        assertEquals(ParameterType.SELECT, p.get("method").type());
        assertEquals(List.of("onoff", "cycle"), p.get("method").choices());
        assertEquals(List.of("callback", "user", "operator", "administrator"), p.get("privlvl").choices());
        assertEquals("Login name (deprecated name of username)", p.get("login").description());
        assertSame(m, agent.metadata(Map.of("agent", "fence_ipmilan")), "cached per agent");
    }

    @Test
    void fenceApcSnmp() {
        IpmiSim.require("fence_apc_snmp", "fence-agents");
        FenceAgentMetadata m = agent.metadata(Map.of("agent", "fence_apc_snmp"));
        assertEquals(Set.of(FenceAction.values()), m.actions());
        Map<String, AgentParameter> p = byName(m);
        assertTrue(p.get("community").secret());
        assertEquals(Optional.empty(), p.get("community").defaultValue(), "the default community is a secret too");
        assertTrue(p.get("snmp_priv_passwd").secret());
        assertFalse(p.get("snmp_priv_passwd_script").secret());
        assertFalse(p.get("ip").required(), "ipaddr satisfies it as well");
        assertTrue(p.get("ip").description().endsWith("(required: give ip or ipaddr)"), p.get("ip").description());
        assertEquals(List.of("1", "2c", "3"), p.get("snmp_version").choices());
    }
}
