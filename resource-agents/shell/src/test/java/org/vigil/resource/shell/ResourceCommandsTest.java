package org.vigil.resource.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.LocalResourceManager;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.api.resource.ResourceState;
import org.vigil.api.resource.ResourceStatus;

/** The resource: commands against a manager in memory. */
class ResourceCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream saved;
    private final Manager manager = new Manager();

    /** Answers each operation with a result the test sets. */
    static final class Manager implements LocalResourceManager {
        final Map<String, OcfResult> results = new java.util.HashMap<>();
        final List<String> cleaned = new ArrayList<>();
        final ResourceInstance httpd = new ResourceInstance("script:httpd", "script", Map.of("name", "httpd", "file", "/etc/init.d/httpd"));
        final OperationRecord failedStart = new OperationRecord("script:httpd", ResourceOperation.START,
            new OcfResult(OcfStatus.TIMED_OUT, "start timed out after 20 s"), Instant.parse("2026-01-01T10:00:00Z"), Duration.ofSeconds(20));

        @Override
        public List<ResourceStatus> resources() {
            return List.of(new ResourceStatus(httpd, ResourceState.FAILED, 2, Optional.of(failedStart)),
                new ResourceStatus(new ResourceInstance("ip:198.18.0.5", "ip", Map.of("address", "198.18.0.5")),
                    ResourceState.STOPPED, 0, Optional.empty()));
        }

        @Override
        public CompletableFuture<OperationRecord> run(String resource, ResourceOperation operation) {
            return CompletableFuture.completedFuture(new OperationRecord(resource, operation,
                results.getOrDefault(resource + " " + operation, new OcfResult(OcfStatus.SUCCESS, "ok")), Instant.now(),
                Duration.ofMillis(120)));
        }

        @Override
        public CompletableFuture<List<ResourceStatus>> probe() {
            return CompletableFuture.completedFuture(resources());
        }

        @Override
        public void cleanup(String resource) {
            cleaned.add(resource);
        }

        @Override
        public List<OperationRecord> history() {
            return List.of(failedStart);
        }
    }

    @BeforeEach
    void capture() {
        saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(saved);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private <T extends ResourceCommandSupport> T command(T c) {
        c.manager = manager;
        return c;
    }

    @Test
    void listShowsStateFailCountAndTheReasonOfTheLastOperation() throws Exception {
        command(new ListCommand()).execute();
        String text = output();
        assertTrue(text.contains("script:httpd"), text);
        assertTrue(text.contains("FAILED"), text);
        assertTrue(text.contains("start (20.00 s)"), text);
        assertTrue(text.contains("TIMED_OUT"), text);
        assertTrue(text.contains("start timed out after 20 s"), text);
        assertTrue(text.contains("ip:198.18.0.5"), text);
    }

    @Test
    void listAsJson() throws Exception {
        ListCommand c = command(new ListCommand());
        c.json = true;
        c.execute();
        String text = output();
        assertTrue(text.contains("\"name\" : \"script:httpd\""), text);
        assertTrue(text.contains("\"failCount\" : 2"), text);
        assertTrue(text.contains("\"status\" : \"TIMED_OUT\""), text);
        assertTrue(text.contains("\"lastOperation\" : null"), text);
    }

    @Test
    void startPrintsTheResultAndFailsWhenTheStartFailed() throws Exception {
        StartCommand ok = command(new StartCommand());
        ok.resource = "ip:198.18.0.5";
        ok.execute();
        assertTrue(output().contains("Resource ip:198.18.0.5: start SUCCESS in 0.12 s (ok)"), output());

        manager.results.put("script:httpd START", new OcfResult(OcfStatus.ERR_INSTALLED, "script:httpd: /etc/init.d/httpd: no such file on this node"));
        StartCommand bad = command(new StartCommand());
        bad.resource = "script:httpd";
        ResourceCommandException e = assertThrows(ResourceCommandException.class, bad::execute);
        assertEquals("script:httpd start failed: ERR_INSTALLED: script:httpd: /etc/init.d/httpd: no such file on this node",
            e.getMessage());
    }

    @Test
    void monitorFailsWhenTheResourceIsNotRunning() {
        manager.results.put("script:httpd MONITOR", new OcfResult(OcfStatus.NOT_RUNNING, "stopped (status 3)"));
        MonitorCommand c = command(new MonitorCommand());
        c.resource = "script:httpd";
        assertEquals("script:httpd is not running: stopped (status 3)",
            assertThrows(ResourceCommandException.class, c::execute).getMessage());
    }

    @Test
    void anUnknownResourceIsRefusedWithTheNamesThatExist() {
        StopCommand c = command(new StopCommand());
        c.resource = "script:nope";
        assertEquals("no resource 'script:nope' is configured on this node; resources: script:httpd, ip:198.18.0.5",
            assertThrows(ResourceCommandException.class, c::execute).getMessage());
    }

    @Test
    void cleanupResetsThroughTheManager() throws Exception {
        CleanupCommand c = command(new CleanupCommand());
        c.resource = "script:httpd";
        c.execute();
        assertEquals(List.of("script:httpd"), manager.cleaned);
        assertTrue(output().contains("Cleaned up script:httpd: fail count reset"), output());
    }

    @Test
    void probeListsWhatItFound() throws Exception {
        command(new ProbeCommand()).execute();
        assertTrue(output().contains("script:httpd"), output());
    }

    @Test
    void typesShowParametersAndTimeouts() {
        TypesCommand c = command(new TypesCommand());
        c.print(List.of(new ResourceAgentMetadata("script", "An LSB init script",
            List.of(new ResourceParameter("name", true, true, Optional.empty(), "name"),
                new ResourceParameter("file", true, true, Optional.empty(), "path")),
            Map.of(ResourceOperation.START, Duration.ofSeconds(30)))));
        assertTrue(output().contains("name*! file*!"), output());
        assertTrue(output().contains("start 30s"), output());
        out.reset();
        c.json = true;
        c.print(List.of(new ResourceAgentMetadata("ocf", "Any OCF agent",
            List.of(new ResourceParameter("agent", true, false, Optional.empty(), "PROVIDER:TYPE")), Map.of())));
        assertTrue(output().contains("\"type\" : \"ocf\""), output());
        assertTrue(output().contains("\"required\" : true"), output());
    }
}
