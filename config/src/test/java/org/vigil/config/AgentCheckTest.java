package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.config.AgentCheck;
import org.vigil.api.config.ConfigUpdateResult;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.ParameterType;

/** Fence devices checked against the agents installed on the node, as the fencing daemon routes them. */
class AgentCheckTest {

    @TempDir
    Path dir;

    /** An agent of one type taking ipaddr (required), login (required), passwd (secret) and an integer ipport. */
    private static FenceAgent agent(String type, boolean usable, String... extra) {
        List<AgentParameter> params = new java.util.ArrayList<>(List.of(
            new AgentParameter("ipaddr", ParameterType.STRING, true, Optional.empty(), false, List.of(), "address"),
            new AgentParameter("login", ParameterType.STRING, true, Optional.empty(), false, List.of(), "user"),
            new AgentParameter("passwd", ParameterType.STRING, false, Optional.empty(), true, List.of(), "password"),
            new AgentParameter("ipport", ParameterType.INTEGER, false, Optional.of("623"), false, List.of(), "port")));
        for (String e : extra) {
            params.add(new AgentParameter(e, ParameterType.STRING, false, Optional.empty(), false, List.of(), e));
        }
        FenceAgentMetadata metadata = new FenceAgentMetadata(type, "test agent", params,
            usable ? EnumSet.of(FenceAction.OFF, FenceAction.STATUS) : EnumSet.noneOf(FenceAction.class));
        return new FenceAgent() {
            @Override
            public FenceAgentMetadata metadata() {
                return metadata;
            }

            @Override
            public FenceAgentMetadata metadata(Map<String, String> device) {
                // like the external adapter: usable only for the ClusterLabs agent it knows
                return "fence_known".equals(device.get("agent")) ? metadata
                    : new FenceAgentMetadata(type, "unusable", List.of(), EnumSet.noneOf(FenceAction.class));
            }

            @Override
            public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
                return FenceResult.failed("not used");
            }
        };
    }

    private static String conf(int version, String devices, String nodeDevice) {
        return "<?xml version=\"1.0\"?>\n<cluster name=\"c\" config_version=\"" + version + "\">\n"
            + "  <clusternodes>\n"
            + "    <clusternode name=\"n1\" nodeid=\"1\"><fence><method name=\"1\">" + nodeDevice + "</method></fence></clusternode>\n"
            + "    <clusternode name=\"n2\" nodeid=\"2\"/>\n"
            + "  </clusternodes>\n  <fencedevices>\n" + devices + "  </fencedevices>\n</cluster>\n";
    }

    private ClusterConfigStoreImpl store(String xml) throws Exception {
        Path file = dir.resolve("cluster.conf");
        Files.writeString(file, xml);
        ClusterConfigStoreImpl store = new ClusterConfigStoreImpl(file);
        store.addFenceAgent(agent("ipmi", true), Map.of(FenceAgent.TYPE_PROPERTY, "ipmi"));
        store.addFenceAgent(agent("external", true), Map.of(FenceAgent.TYPE_PROPERTY, "external"));
        return store;
    }

    @Test
    void devicesAreCheckedAgainstTheInstalledAgentAndTheDaemonsOwnParametersAreAllowed() throws Exception {
        String ok = conf(1, "    <fencedevice name=\"d1\" agent=\"ipmi\" ipaddr=\"10.0.0.1\" login=\"admin\" passwd=\"s3cret\"/>\n",
            "<device name=\"d1\" action=\"off\" delay=\"5\" port=\"3\" timeout=\"20\"/>");
        ClusterConfigStoreImpl store = store(ok);
        AgentCheck check = store.checkAgents(store.current().orElseThrow(), "cluster.conf");
        assertEquals(List.of(), check.errors());
        assertEquals(List.of(), check.warnings());
    }

    @Test
    void unknownMissingAndMalformedParametersAreErrorsAndNoSecretIsShown() throws Exception {
        String bad = conf(1, "    <fencedevice name=\"d1\" agent=\"ipmi\" ipaddr=\"10.0.0.1\" ipport=\"six\" passwd=\"s3cret\""
            + " colour=\"red\"/>\n", "<device name=\"d1\"/>");
        ClusterConfigStoreImpl store = store(bad);
        AgentCheck check = store.checkAgents(store.current().orElseThrow(), "cluster.conf");
        String all = check.errors().toString();
        assertEquals(3, check.errors().size(), all);
        assertTrue(all.contains("ipport \"six\" is not a whole number"), all);
        assertTrue(all.contains("takes no parameter colour"), all);
        assertTrue(all.contains("needs parameter login"), all);
        assertFalse(all.contains("s3cret"), all);
    }

    @Test
    void agentsNotInstalledHereAreReportedNotChecked() throws Exception {
        String xml = conf(1, "    <fencedevice name=\"d1\" agent=\"fence_known\" ipaddr=\"a\" login=\"b\"/>\n"
            + "    <fencedevice name=\"d2\" agent=\"fence_absent\" anything=\"x\"/>\n"
            + "    <fencedevice name=\"d3\" agent=\"fence_manual\"/>\n"
            + "    <fencedevice name=\"d4\" agent=\"pdu\"/>\n", "<device name=\"d1\"/>");
        ClusterConfigStoreImpl store = store(xml);
        AgentCheck check = store.checkAgents(store.current().orElseThrow(), "cluster.conf");
        assertEquals(List.of(), check.errors(), "fence_known goes through external and is valid");
        List<String> warnings = check.warnings().stream().map(p -> p.reason()).toList();
        assertEquals(List.of("not checked: agent fence_absent not installed", "not checked: agent fence_manual not installed",
            "not checked: agent pdu not installed"), warnings);
    }

    @Test
    void anUpdateWhoseDevicesTheInstalledAgentRefusesIsRefusedWholeAndTheFileIsUnchanged() throws Exception {
        String ok = conf(1, "    <fencedevice name=\"d1\" agent=\"ipmi\" ipaddr=\"10.0.0.1\" login=\"admin\"/>\n",
            "<device name=\"d1\"/>");
        ClusterConfigStoreImpl store = store(ok);
        byte[] before = Files.readAllBytes(dir.resolve("cluster.conf"));
        String bad = conf(2, "    <fencedevice name=\"d1\" agent=\"ipmi\" ipaddr=\"10.0.0.1\"/>\n", "<device name=\"d1\"/>");
        ConfigUpdateResult r = store.update("new.conf", bad.getBytes(StandardCharsets.UTF_8), "test");
        assertFalse(r.accepted(), r.toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.reason().contains("needs parameter login")), r.toString());
        assertEquals(1, store.current().orElseThrow().configVersion());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("cluster.conf"))));
    }
}
