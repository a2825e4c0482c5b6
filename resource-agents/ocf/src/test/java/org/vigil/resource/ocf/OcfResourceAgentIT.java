package org.vigil.resource.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;

/** The ocf agent with ClusterLabs' real Dummy and Filesystem (package resource-agents), and an agent of our own that misbehaves. */
class OcfResourceAgentIT {

    private static final Path OCF_ROOT = Path.of("/usr/lib/ocf");
    private static final Duration T = Duration.ofSeconds(20);

    private Path dir;
    private OcfResourceAgent agent;

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(Files.isExecutable(OCF_ROOT.resolve("resource.d/heartbeat/Dummy")),
            "ClusterLabs' Dummy agent is missing: apt-get install resource-agents");
        dir = Files.createTempDirectory("vigil-ocf-it");
        agent = new OcfResourceAgent(OCF_ROOT, dir.resolve("rsctmp"), List.of());
    }

    @AfterEach
    void tearDown() throws IOException {
        Path pids = dir.resolve("pids");
        if (Files.exists(pids)) {
            for (String l : Files.readAllLines(pids)) {
                ProcessHandle.of(Long.parseLong(l.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static ResourceInstance ocf(String name, String agentName, String... params) {
        Map<String, String> p = new HashMap<>();
        p.put("name", name);
        p.put("agent", agentName);
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new ResourceInstance("ocf:" + name, "ocf", p);
    }

    @Test
    void dummyStartsMonitorsAndStops() {
        ResourceInstance dummy = ocf("dummy1", "heartbeat:Dummy");
        assertEquals(new OcfResult(OcfStatus.NOT_RUNNING, "heartbeat:Dummy monitor: not running"),
            agent.execute(ResourceOperation.MONITOR, dummy, T));
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.START, dummy, T).status());
        assertTrue(Files.exists(dir.resolve("rsctmp/Dummy-dummy1.state")), "Dummy keeps its state in HA_RSCTMP");
        assertEquals(new OcfResult(OcfStatus.SUCCESS, "heartbeat:Dummy monitor: success"),
            agent.execute(ResourceOperation.MONITOR, dummy, T));
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.START, dummy, T).status(), "start when started");
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.VALIDATE, dummy, T).status());
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.STOP, dummy, T).status());
        assertEquals(OcfStatus.NOT_RUNNING, agent.execute(ResourceOperation.MONITOR, dummy, T).status());
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.STOP, dummy, T).status(), "stop when stopped");
    }

    @Test
    void parametersReachTheAgentAsOcfReskey() {
        Path state = dir.resolve("custom.state");
        ResourceInstance dummy = ocf("dummy2", "heartbeat:Dummy", "state", state.toString());
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.START, dummy, T).status());
        assertTrue(Files.exists(state), "OCF_RESKEY_state was used");
        assertEquals(OcfStatus.SUCCESS, agent.execute(ResourceOperation.STOP, dummy, T).status());
        assertTrue(!Files.exists(state));
    }

    @Test
    void theMetadataOfARealAgentIsRead() {
        OcfMetadata m = agent.metadataOf(new OcfAgentName("heartbeat", "Filesystem"), ocf("x", "heartbeat:Filesystem"))
            .orElseThrow();
        assertEquals(List.of("device", "directory", "fstype"), m.required());
        assertEquals(Duration.ofSeconds(60), m.timeouts().get("start"));
        OcfMetadata dummy = agent.metadataOf(new OcfAgentName("heartbeat", "Dummy"), ocf("x", "heartbeat:Dummy")).orElseThrow();
        assertTrue(dummy.parameters().stream().anyMatch(p -> p.name().equals("state") && p.unique()), dummy.toString());
    }

    @Test
    void aMissingRequiredParameterIsAConfigurationErrorNamingIt() {
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED,
                "ocf:data: parameters device, fstype are required by heartbeat:Filesystem"),
            agent.execute(ResourceOperation.START, ocf("data", "heartbeat:Filesystem", "directory", "/mnt/x"), T));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED,
                "ocf:data: parameter agent is required (PROVIDER:TYPE, e.g. heartbeat:IPaddr2)"),
            agent.execute(ResourceOperation.START, new ResourceInstance("ocf:data", "ocf", Map.of("name", "data")), T));
    }

    @Test
    void badAndMissingAgentsAreRefusedWithoutRunningAnything() {
        OcfResult bad = agent.execute(ResourceOperation.START, ocf("x", "heartbeat:../../../../bin/sh"), T);
        assertEquals(OcfStatus.ERR_CONFIGURED, bad.status());
        assertTrue(bad.message().startsWith("ocf:x: agent 'heartbeat:../../../../bin/sh' is not PROVIDER:TYPE"), bad.message());
        assertEquals(new OcfResult(OcfStatus.ERR_INSTALLED,
                "ocf:x: OCF agent heartbeat:NoSuchAgent is not installed (/usr/lib/ocf/resource.d/heartbeat/NoSuchAgent not found)"),
            agent.execute(ResourceOperation.MONITOR, ocf("x", "heartbeat:NoSuchAgent"), T));
        assertEquals(OcfStatus.ERR_CONFIGURED,
            agent.execute(ResourceOperation.MONITOR, ocf("x", "heartbeat:Dummy", "bad-name", "1"), T).status());
    }

    /** An agent of our own in an OCF root of our own: prints its environment, hangs, exits with odd codes. */
    private OcfResourceAgent ownRoot() throws IOException {
        Path root = dir.resolve("ocf");
        Path p = root.resolve("resource.d/vigiltest/Odd");
        Files.createDirectories(p.getParent());
        Files.writeString(p, """
            #!/bin/sh
            case "$1" in
              meta-data) cat <<'XML'
            <?xml version="1.0"?>
            <resource-agent name="Odd" version="1.0"><parameters>
              <parameter name="pids" required="1"><content type="string"/></parameter>
            </parameters><actions><action name="start" timeout="1s"/></actions></resource-agent>
            XML
                exit 0 ;;
              monitor) echo "instance=$OCF_RESOURCE_INSTANCE type=$OCF_RESOURCE_TYPE provider=$OCF_RESOURCE_PROVIDER timeout=$OCF_RESKEY_CRM_meta_timeout root=$OCF_ROOT rsctmp=$HA_RSCTMP" >&2
                exit 7 ;;
              start) echo $$ > "$OCF_RESKEY_pids"; sleep 300 & echo $! >> "$OCF_RESKEY_pids"; echo "ERROR: waiting for quorum" >&2; sleep 300 ;;
              stop) exit 42 ;;
              validate-all) echo "ERROR: pids file $OCF_RESKEY_pids is bad" >&2; exit 6 ;;
            esac
            """);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new OcfResourceAgent(root, dir.resolve("rsctmp"), List.of());
    }

    @Test
    void theEnvironmentIsPacemakers() throws Exception {
        OcfResourceAgent own = ownRoot();
        OcfResult r = own.execute(ResourceOperation.MONITOR, ocf("odd one", "vigiltest:Odd", "pids", dir.resolve("pids").toString()),
            Duration.ofMillis(4500));
        assertEquals(new OcfResult(OcfStatus.NOT_RUNNING, "vigiltest:Odd monitor: not running: instance=odd_one type=Odd "
            + "provider=vigiltest timeout=4500 root=" + dir.resolve("ocf") + " rsctmp=" + dir.resolve("rsctmp")), r);
    }

    @Test
    void exitCodesMapToOcfMeaningsAndOddOnesSaySo() throws Exception {
        OcfResourceAgent own = ownRoot();
        ResourceInstance odd = ocf("odd", "vigiltest:Odd", "pids", dir.resolve("pids").toString());
        assertEquals(new OcfResult(OcfStatus.ERR_GENERIC, "vigiltest:Odd stop: err generic (exit code 42, not an OCF code)"),
            own.execute(ResourceOperation.STOP, odd, T));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "vigiltest:Odd validate-all: err configured: ERROR: pids file "
            + dir.resolve("pids") + " is bad"), own.execute(ResourceOperation.VALIDATE, odd, T));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "ocf:odd: parameter pids is required by vigiltest:Odd"),
            own.execute(ResourceOperation.START, ocf("odd", "vigiltest:Odd"), T));
    }

    @Test
    void aHangingAgentIsKilledWithItsChildrenOnTimeout() throws Exception {
        OcfResourceAgent own = ownRoot();
        ResourceInstance odd = ocf("odd", "vigiltest:Odd", "pids", dir.resolve("pids").toString());
        long t0 = System.nanoTime();
        OcfResult r = own.execute(ResourceOperation.START, odd, Duration.ofSeconds(1));
        assertEquals(OcfStatus.TIMED_OUT, r.status());
        assertTrue(r.message().startsWith("vigiltest:Odd start timed out after 1 s; killed its process group"), r.message());
        assertTrue(r.message().endsWith("ERROR: waiting for quorum"), r.message());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 6);
        List<Long> pids = Files.readAllLines(dir.resolve("pids")).stream().map(String::strip).map(Long::parseLong).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pids.stream().anyMatch(OcfResourceAgentIT::alive)) {
            assertTrue(System.nanoTime() < deadline, "still alive: " + pids);
            Thread.sleep(20);
        }
    }

    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
