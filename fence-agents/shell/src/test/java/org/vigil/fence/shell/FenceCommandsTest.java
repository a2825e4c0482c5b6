package org.vigil.fence.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.Secrets;
import org.vigil.api.config.TotemSettings;
import org.vigil.api.config.XmlLayout;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceDeviceInfo;
import org.vigil.api.fence.FenceOutcome;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.FencingService;
import org.vigil.api.fence.ParameterType;
import org.vigil.api.fence.PowerState;

/** The commands over a fencing service written in the test: output, --json, and failures that throw. */
class FenceCommandsTest {

    static final String SECRET = "s3cr3t-pw";

    /** A fencing service that answers from fixed data and records what it was asked. */
    static final class Fencing implements FencingService {
        final List<String> asked = new ArrayList<>();
        FenceOutcome next;

        @Override
        public CompletableFuture<FenceOutcome> fence(String node, FenceAction action) {
            asked.add("fence " + node + " " + action);
            return CompletableFuture.completedFuture(next);
        }

        @Override
        public boolean isSafelyFenced(String node) {
            return false;
        }

        @Override
        public void acknowledge(String node) {
            asked.add("ack " + node);
            if (node.equals("node1")) {
                throw new IllegalArgumentException("node1 is a member of the cluster now: there is nothing to acknowledge");
            }
        }

        @Override
        public List<FenceOutcome> history() {
            return List.of(new FenceOutcome("node3", FenceAction.OFF, true, "ipmi-node3", "node1",
                Instant.parse("2026-11-28T10:00:00Z"), "fenced by ipmi-node3 (off, confirmed off)"));
        }

        @Override
        public List<FenceDeviceInfo> devices() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("ipaddr", "10.0.0.3");
            p.put("passwd", SECRET);
            return List.of(new FenceDeviceInfo("ipmi-node3", "ipmi", "ipmi", true, Secrets.masked(p), "agent ipmi"),
                new FenceDeviceInfo("apc", "fence_apc_snmp", "external", false, Map.of(), "no fence agent of type "
                    + "'fence_apc_snmp' is installed on node1 (...)"));
        }

        @Override
        public FenceResult execute(String device, FenceAction action, String plug) {
            asked.add(action + " " + device + " " + plug);
            if (device.equals("apc")) {
                return FenceResult.failed("agent missing: no fence agent of type 'fence_apc_snmp' is installed on node1");
            }
            return new FenceResult(true, PowerState.ON, List.of(), "chassis power is on");
        }
    }

    static ClusterConfigStore store() {
        List<NodeDefinition> nodes = List.of(new NodeDefinition("node1", 1, 1, "node1", java.util.OptionalInt.empty()),
            new NodeDefinition("node3", 3, 1, "node3", java.util.OptionalInt.empty()));
        Map<String, List<FenceMethod>> methods = Map.of("node3", List.of(FenceMethod.of("1",
            List.of(FenceDeviceRef.of("ipmi-node3", Map.of())))));
        ClusterConfiguration c = new ClusterConfiguration("t", 1, nodes, QuorumSettings.defaults(), TotemSettings.defaults(),
            Optional.empty(), methods, List.of(FenceDevice.of("ipmi-node3", "ipmi", Map.of("passwd", SECRET)),
                FenceDevice.of("apc", "fence_apc_snmp", Map.of())), ResourceManager.empty(), XmlLayout.none());
        return new ClusterConfigStore() {
            @Override
            public Optional<ClusterConfiguration> current() {
                return Optional.of(c);
            }

            @Override
            public List<ConfigProblem> problems() {
                return List.of();
            }

            @Override
            public String location() {
                return "etc/cluster.conf";
            }
        };
    }

    private static <T extends FenceCommandSupport> T wire(T command, Fencing f) {
        command.fencing = f;
        command.configStore = store();
        return command;
    }

    private static String run(FenceCommandSupport c) throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            c.execute();
        } finally {
            System.setOut(before);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains(SECRET), "a secret was printed: " + text);
        return text;
    }

    @Test
    void fenceNodePrintsTheOutcomeOrThrows() throws Exception {
        Fencing f = new Fencing();
        f.next = new FenceOutcome("node3", FenceAction.OFF, true, "ipmi-node3", "node1", Instant.now(),
            "fenced by ipmi-node3 (off, confirmed off)");
        NodeCommand c = wire(new NodeCommand(), f);
        c.node = "node3";
        c.action = "off";
        String out = run(c);
        assertTrue(out.contains("Fencing node3 ... success: fenced by ipmi-node3 (off, confirmed off)"), out);
        assertEquals(List.of("fence node3 OFF"), f.asked);

        f.next = new FenceOutcome("node3", FenceAction.REBOOT, false, "ipmi-node3", "node1", Instant.now(),
            "level 1 (1): ipmi-node3 off failed: timed out after 20 s");
        c.action = "reboot";
        FenceCommandException e = assertThrows(FenceCommandException.class, () -> run(c));
        assertEquals("Fencing node3 failed: level 1 (1): ipmi-node3 off failed: timed out after 20 s", e.getMessage());

        c.action = "cycle";
        assertThrows(FenceCommandException.class, () -> run(c));
        c.node = "node9";
        e = assertThrows(FenceCommandException.class, () -> run(c));
        assertTrue(e.getMessage().startsWith("no node named 'node9' in etc/cluster.conf"), e.getMessage());
    }

    @Test
    void ackReportsRefusals() throws Exception {
        Fencing f = new Fencing();
        AckCommand c = wire(new AckCommand(), f);
        c.node = "node3";
        assertTrue(run(c).contains("node3 is acknowledged as fenced"));
        c.node = "node1";
        FenceCommandException e = assertThrows(FenceCommandException.class, () -> run(c));
        assertTrue(e.getMessage().contains("is a member"), e.getMessage());
    }

    @Test
    void devicesShowMaskedParametersAndMissingAgents() throws Exception {
        DevicesCommand c = wire(new DevicesCommand(), new Fencing());
        String out = run(c);
        assertTrue(out.contains("passwd=****"), out);
        assertTrue(out.contains("NO (agent missing): no fence agent of type 'fence_apc_snmp'"), out);
        c.json = true;
        out = run(c);
        assertTrue(out.contains("\"installed\" : false"), out);
    }

    @Test
    void statusAndCheck() throws Exception {
        Fencing f = new Fencing();
        DeviceStatusCommand s = wire(new DeviceStatusCommand(), f);
        s.device = "ipmi-node3";
        assertTrue(run(s).contains("Status of ipmi-node3: on (chassis power is on)"));
        s.device = "apc";
        s.plug = "3";
        FenceCommandException e = assertThrows(FenceCommandException.class, () -> run(s));
        assertTrue(e.getMessage().startsWith("Status of apc plug 3 failed: agent missing"), e.getMessage());
        s.device = "nope";
        assertThrows(FenceCommandException.class, () -> run(s));

        CheckCommand c = wire(new CheckCommand(), f);
        e = assertThrows(FenceCommandException.class, () -> run(c));
        assertEquals("1 of 2 fence devices failed the check", e.getMessage());
        assertTrue(f.asked.contains("MONITOR ipmi-node3 null") && f.asked.contains("MONITOR apc null"), f.asked.toString());
    }

    @Test
    void historyAsTableAndJson() throws Exception {
        HistoryCommand h = wire(new HistoryCommand(), new Fencing());
        String out = run(h);
        assertTrue(out.contains("node3") && out.contains("success") && out.contains("fenced by ipmi-node3"), out);
        h.json = true;
        assertTrue(run(h).contains("\"finishedAt\" : \"2026-11-28T10:00:00Z\""));
        h.json = false;
        h.node = "node1";
        assertTrue(run(h).contains("No fencing of node1 has happened"));
    }

    @Test
    void agentsListTheirParametersWithoutSecretDefaults() throws Exception {
        AgentsCommand a = wire(new AgentsCommand(), new Fencing());
        a.agents = List.of(new FenceAgent() {
            @Override
            public FenceAgentMetadata metadata() {
                return new FenceAgentMetadata("ipmi", "IPMI BMC", List.of(
                    new AgentParameter("ipaddr", ParameterType.STRING, true, Optional.empty(), false, List.of(), "address"),
                    new AgentParameter("passwd", ParameterType.STRING, true, Optional.of(SECRET), true, List.of(), "pw")),
                    EnumSet.of(FenceAction.OFF, FenceAction.STATUS));
            }

            @Override
            public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
                return FenceResult.failed("not used");
            }
        });
        String out = run(a);
        assertTrue(out.contains("ipaddr* passwd*=****"), out);
        assertTrue(out.contains("off,status"), out);
        a.json = true;
        out = run(a);
        assertTrue(out.contains("\"type\" : \"ipmi\""), out);
    }

    @Test
    void withoutTheDaemonTheCommandsSaySo() {
        DevicesCommand c = wire(new DevicesCommand(), null);
        FenceCommandException e = assertThrows(FenceCommandException.class, () -> run(c));
        assertTrue(e.getMessage().startsWith("the fencing daemon is not running"), e.getMessage());
    }
}
