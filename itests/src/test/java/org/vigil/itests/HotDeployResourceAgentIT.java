package org.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleActivator;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.itests.harness.Await;
import org.vigil.itests.harness.ClusterHarness;
import org.vigil.itests.harness.Node;
import org.vigil.itests.harness.NodeLogsOnFailure;
import org.vigil.itests.harness.ShellResult;
import org.vigil.itests.harness.ThirdPartyBundle;

/**
 * A resource agent from outside the project, hot-deployed into a running node: before it is
 * there the configured resource of its type reports its agent missing; once its bundle is in
 * {@code deploy/} the resource starts, answers monitor and stops through it; once the bundle
 * is removed the resource reports the agent missing again, and nothing crashed or restarted.
 */
@ExtendWith(NodeLogsOnFailure.class)
class HotDeployResourceAgentIT {

    private static final String TYPE = "flagfile";
    private static final String RESOURCE = TYPE + ":r1";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ClusterHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aThirdPartyResourceAgentComesAndGoesWithItsBundle() throws Exception {
        cluster = ClusterHarness.builder("hotres").nodes(1).build();
        Node node = cluster.node("node1");
        Path flag = cluster.dir().resolve("r1.flag");
        String xml = cluster.config().toXml().replace("  <rm/>\n",
            "  <rm>\n    <resources>\n      <" + TYPE + " name=\"r1\" file=\"" + flag + "\"/>\n    </resources>\n  </rm>\n");
        node.writeClusterConf(xml);
        cluster.startAll();
        node.awaitShell(ClusterHarness.BOOT_TIMEOUT);
        long pid = node.pid();

        Await.until(RESOURCE + " to report its agent missing", TIMEOUT, () -> state(node), "AGENT_MISSING"::equals);
        ShellResult refused = node.shell("resource:start " + RESOURCE);
        assertFalse(refused.ok(), "start without an agent must fail: " + refused);
        assertFalse(Files.exists(flag));

        Path jar = ThirdPartyBundle.build(cluster.dir().resolve("flagfile-agent.jar"), "com.example.resource.flagfile",
            "com.example.resource.flagfile.Activator",
            "org.osgi.framework;version=\"[1.8,2)\",org.vigil.api.resource;version=\"[1.0,2)\"",
            Map.of("com.example.resource.flagfile.Activator", ACTIVATOR, "com.example.resource.flagfile.FlagFileAgent", AGENT),
            ResourceAgent.class, BundleActivator.class);
        Files.copy(jar, node.home().resolve("deploy/flagfile-agent.jar"));
        Await.until("resource:types to list " + TYPE, TIMEOUT, () -> node.shell("resource:types").stdout().contains(TYPE));

        node.shell("resource:start " + RESOURCE).assertOk();
        assertTrue(Files.exists(flag), "the agent's start did not run");
        Await.until(RESOURCE + " running", TIMEOUT, () -> state(node), "RUNNING"::equals);
        node.shell("resource:monitor " + RESOURCE).assertOk();
        node.shell("resource:stop " + RESOURCE).assertOk();
        assertFalse(Files.exists(flag), "the agent's stop did not run");

        Files.delete(node.home().resolve("deploy/flagfile-agent.jar"));
        Await.until(RESOURCE + " to report its agent missing again", TIMEOUT, () -> state(node), "AGENT_MISSING"::equals);
        ShellResult monitor = node.shell("resource:monitor " + RESOURCE);
        assertFalse(monitor.ok(), "monitor without an agent must fail: " + monitor);
        assertTrue(monitor.output().toLowerCase().contains("missing") || monitor.output().contains(TYPE), monitor.toString());
        assertEquals(pid, node.pid(), "the node restarted");
        assertTrue(node.isRunning());
        node.shell("cluster:status").assertOk();
    }

    private static String state(Node node) {
        JsonNode list = node.json("resource:list --json");
        return StreamSupport.stream(list.spliterator(), false)
            .filter(r -> r.path("name").asText().equals(RESOURCE))
            .map(r -> r.path("state").asText())
            .findFirst().orElse("(not listed)");
    }

    private static final String ACTIVATOR = """
        package com.example.resource.flagfile;

        import java.util.Hashtable;
        import org.osgi.framework.BundleActivator;
        import org.osgi.framework.BundleContext;
        import org.osgi.framework.ServiceRegistration;
        import org.vigil.api.resource.ResourceAgent;

        public final class Activator implements BundleActivator {
            private ServiceRegistration<ResourceAgent> registration;

            @Override
            public void start(BundleContext context) {
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(ResourceAgent.TYPE_PROPERTY, "flagfile");
                registration = context.registerService(ResourceAgent.class, new FlagFileAgent(), props);
            }

            @Override
            public void stop(BundleContext context) {
                registration.unregister();
            }
        }
        """;

    private static final String AGENT = """
        package com.example.resource.flagfile;

        import java.io.IOException;
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.time.Duration;
        import java.util.List;
        import java.util.Map;
        import java.util.Optional;
        import org.vigil.api.resource.*;

        /** "Runs" while its flag file exists (a third-party test agent). */
        final class FlagFileAgent implements ResourceAgent {
            @Override
            public ResourceAgentMetadata metadata() {
                return new ResourceAgentMetadata("flagfile", "A flag file that exists while the resource runs",
                    List.of(new ResourceParameter("name", true, true, Optional.empty(), "The resource name"),
                        new ResourceParameter("file", true, true, Optional.empty(), "The flag file")),
                    Map.of(ResourceOperation.START, Duration.ofSeconds(5), ResourceOperation.STOP, Duration.ofSeconds(5),
                        ResourceOperation.MONITOR, Duration.ofSeconds(5)));
            }

            @Override
            public OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout) {
                String file = resource.parameters().get("file");
                if (file == null) {
                    return new OcfResult(OcfStatus.ERR_CONFIGURED, "file is required");
                }
                Path f = Path.of(file);
                try {
                    switch (operation) {
                        case START: Files.writeString(f, "up\\n"); return new OcfResult(OcfStatus.SUCCESS, "flag written");
                        case STOP: Files.deleteIfExists(f); return new OcfResult(OcfStatus.SUCCESS, "flag removed");
                        case MONITOR: return Files.exists(f) ? new OcfResult(OcfStatus.SUCCESS, "flag present")
                            : new OcfResult(OcfStatus.NOT_RUNNING, "no flag");
                        default: return new OcfResult(OcfStatus.SUCCESS, "valid");
                    }
                } catch (IOException e) {
                    return new OcfResult(OcfStatus.ERR_GENERIC, "cannot use " + f + ": " + e.getMessage());
                }
            }
        }
        """;
}
