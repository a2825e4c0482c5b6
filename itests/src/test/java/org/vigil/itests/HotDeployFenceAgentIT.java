package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleActivator;
import org.vigil.api.fence.FenceAgent;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.ClusterConfig;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.ShellResult;
import org.vigil.itests.harness.ThirdPartyBundle;

/**
 * A fence agent from outside the project, hot-deployed: a bundle built by this test (not in
 * any Vigil feature) is dropped into running nodes' {@code deploy/} folders, a configured
 * device of its type starts to work and fences a node, and once the bundle is removed the
 * device reports its agent missing again, without any node restarting.
 */
@ExtendWith(NodeLogsOnFailure.class)
class HotDeployFenceAgentIT {

    private static final String TYPE = "filesw";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ClusterHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aThirdPartyAgentDroppedIntoDeployFencesAndItsRemovalReportsTheAgentMissing() throws Exception {
        cluster = ClusterHarness.builder("hotfence").nodes(3).build();
        Path switchFile = cluster.dir().resolve("node3-power");
        Files.writeString(switchFile, "on\n");
        ClusterConfig config = cluster.config().withMember("node3", m -> new ClusterConfig.Member(m.name(), m.nodeId(),
            m.votes(), m.address(), m.port(), "<fence><method name=\"1\"><device name=\"sw3\" action=\"off\"/></method></fence>"));
        String xml = config.toXml()
            .replace("  <fencedevices/>\n", "  <fence_daemon post_fail_delay=\"0\" post_join_delay=\"3\"/>\n  <fencedevices>\n"
                + "    <fencedevice name=\"sw3\" agent=\"" + TYPE + "\" state_file=\"" + switchFile + "\"/>\n  </fencedevices>\n");
        for (Node n : cluster.nodes()) {
            n.writeClusterConf(xml);
        }
        // node3 never starts: the two others are quorate and must fence it (startup fencing).
        List<Node> running = cluster.nodes("node1", "node2");
        cluster.start(running);
        cluster.awaitMembers(running, running, ClusterHarness.BOOT_TIMEOUT);
        cluster.awaitQuorate(running, true);
        Map<String, Long> pids = Map.of("node1", running.get(0).pid(), "node2", running.get(1).pid());
        Node node1 = running.get(0);

        // No agent of type filesw: the device is reported missing, and fencing node3 fails for that reason.
        Await.until("fence:devices to show sw3's agent missing", TIMEOUT,
            () -> node1.shell("fence:devices").stdout(), out -> out.contains("sw3") && out.toLowerCase().contains("missing"));
        JsonNode failed = Await.until("a failed attempt to fence node3 (agent missing)", TIMEOUT,
            () -> outcome(node1, "node3", false), Optional::isPresent).orElseThrow();
        assertTrue(failed.path("message").asText().contains(TYPE), failed.toString());
        assertEquals("on", Files.readString(switchFile).strip());

        // Deploy the third-party bundle into both running nodes.
        Path jar = buildAgentBundle(cluster.dir().resolve("filesw-agent.jar"));
        for (Node n : running) {
            Files.copy(jar, n.home().resolve("deploy/filesw-agent.jar"));
        }
        Await.until("fence:agents to list " + TYPE + " on both nodes", TIMEOUT,
            () -> running.stream().allMatch(n -> n.shell("fence:agents").stdout().contains(TYPE)));
        JsonNode fenced = Await.until("node3 fenced with sw3", TIMEOUT, () -> outcome(node1, "node3", true),
            Optional::isPresent).orElseThrow();
        assertEquals("sw3", fenced.path("device").asText(), fenced.toString());
        assertEquals("off", Files.readString(switchFile).strip(), "the switch was not turned off");

        // Remove it: devices of its type report the agent missing again; nothing restarted.
        for (Node n : running) {
            Files.delete(n.home().resolve("deploy/filesw-agent.jar"));
        }
        Await.until("fence:devices to show sw3's agent missing again", TIMEOUT,
            () -> node1.shell("fence:devices").stdout(), out -> out.contains("sw3") && out.toLowerCase().contains("missing"));
        ShellResult status = node1.shell("fence:status sw3");
        assertFalse(status.ok(), "fence:status of a device without agent must fail: " + status);
        assertTrue(status.output().contains(TYPE), status.toString());
        for (Node n : running) {
            assertEquals(pids.get(n.name()), n.pid(), n.name() + " restarted");
            assertTrue(n.isRunning(), n.name());
        }
    }

    private static Optional<JsonNode> outcome(Node observer, String node, boolean success) {
        JsonNode h = observer.json("fence:history --json");
        return StreamSupport.stream(h.spliterator(), false)
            .filter(o -> o.path("node").asText().equals(node) && o.path("success").asBoolean() == success)
            .findFirst();
    }

    /** A power switch kept in a file: off writes "off", status reads it. */
    private static Path buildAgentBundle(Path out) {
        String activator = """
            package com.example.fence.filesw;

            import java.util.Hashtable;
            import org.osgi.framework.BundleActivator;
            import org.osgi.framework.BundleContext;
            import org.osgi.framework.ServiceRegistration;
            import org.vigil.api.fence.FenceAgent;

            public final class Activator implements BundleActivator {
                private ServiceRegistration<FenceAgent> registration;

                @Override
                public void start(BundleContext context) {
                    Hashtable<String, Object> props = new Hashtable<>();
                    props.put(FenceAgent.TYPE_PROPERTY, "filesw");
                    registration = context.registerService(FenceAgent.class, new FileSwitchAgent(), props);
                }

                @Override
                public void stop(BundleContext context) {
                    registration.unregister();
                }
            }
            """;
        String agent = """
            package com.example.fence.filesw;

            import java.io.IOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.time.Duration;
            import java.util.EnumSet;
            import java.util.List;
            import java.util.Map;
            import java.util.Optional;
            import org.vigil.api.fence.*;

            final class FileSwitchAgent implements FenceAgent {
                @Override
                public FenceAgentMetadata metadata() {
                    return new FenceAgentMetadata("filesw", "A power switch kept in a file (third-party test agent)",
                        List.of(new AgentParameter("state_file", ParameterType.STRING, true, Optional.empty(), false,
                            List.of(), "The file holding on or off")),
                        EnumSet.of(FenceAction.ON, FenceAction.OFF, FenceAction.STATUS, FenceAction.MONITOR));
                }

                @Override
                public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
                    String file = parameters.get("state_file");
                    if (file == null) {
                        return FenceResult.failed("state_file is required");
                    }
                    Path f = Path.of(file);
                    try {
                        switch (action) {
                            case OFF: Files.writeString(f, "off\\n"); return state(f);
                            case ON: Files.writeString(f, "on\\n"); return state(f);
                            case STATUS: case MONITOR: return state(f);
                            default: return FenceResult.failed(action + " is not supported");
                        }
                    } catch (IOException e) {
                        return FenceResult.failed("cannot use " + f + ": " + e.getMessage());
                    }
                }

                private static FenceResult state(Path f) throws IOException {
                    boolean off = Files.exists(f) && Files.readString(f).strip().equals("off");
                    return new FenceResult(true, off ? PowerState.OFF : PowerState.ON, List.of(), "switch reads " + (off ? "off" : "on"));
                }
            }
            """;
        return ThirdPartyBundle.build(out, "com.example.fence.filesw", "com.example.fence.filesw.Activator",
            "org.osgi.framework;version=\"[1.8,2)\",org.vigil.api.fence;version=\"[1.0,2)\"",
            Map.of("com.example.fence.filesw.Activator", activator, "com.example.fence.filesw.FileSwitchAgent", agent),
            FenceAgent.class, BundleActivator.class);
    }
}
