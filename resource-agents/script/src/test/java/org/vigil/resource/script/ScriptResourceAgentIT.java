package org.vigil.resource.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;

/** The script agent with real LSB init scripts written by the tests, run as real processes. */
class ScriptResourceAgentIT {

    private static final Duration T = Duration.ofSeconds(10);

    /** A well-behaved init script: a sleep daemon with a pid file; the daemon keeps the script's stdout open. */
    private static final String SERVICE = """
        #!/bin/sh
        PIDFILE=@DIR@/svc.pid
        alive() { s=$(ps -o stat= -p "$1" 2>/dev/null); [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }
        case "$1" in
          start)
            if [ -f $PIDFILE ] && alive "$(cat $PIDFILE)"; then echo "svc already running"; exit 0; fi
            sleep 300 &
            echo $! > $PIDFILE
            echo "Starting svc: [  OK  ]"
            exit 0 ;;
          stop)
            if [ -f $PIDFILE ]; then kill "$(cat $PIDFILE)" 2>/dev/null; rm -f $PIDFILE; fi
            echo "Stopping svc: [  OK  ]"
            exit 0 ;;
          status)
            if [ -f $PIDFILE ]; then
              if alive "$(cat $PIDFILE)"; then echo "svc (pid $(cat $PIDFILE)) is running..."; exit 0; fi
              echo "svc dead but pid file exists"; exit 1
            fi
            echo "svc is stopped"; exit 3 ;;
          *) echo "Usage: $0 {start|stop|status}"; exit 2 ;;
        esac
        """;

    private final ScriptResourceAgent agent = new ScriptResourceAgent();
    private final List<Long> toKill = new ArrayList<>();
    private Path dir;

    @BeforeEach
    void dir() throws IOException {
        dir = Files.createTempDirectory("vigil-script-it");
    }

    @AfterEach
    void clean() throws IOException {
        Path pidfile = dir.resolve("svc.pid");
        if (Files.exists(pidfile)) {
            toKill.add(Long.parseLong(Files.readString(pidfile).strip()));
        }
        Path pids = dir.resolve("pids");
        if (Files.exists(pids)) {
            Files.readAllLines(pids).stream().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).forEach(toKill::add);
        }
        toKill.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, body.replace("@DIR@", dir.toString()), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static ResourceInstance resource(Path file) {
        return new ResourceInstance("script:svc", "script", Map.of("name", "svc", "file", file.toString()));
    }

    private OcfResult run(ResourceOperation op, Path file, Duration timeout) {
        return agent.execute(op, resource(file), timeout);
    }

    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static void waitDead(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pids.stream().anyMatch(ScriptResourceAgentIT::alive)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still alive: " + pids.stream().filter(ScriptResourceAgentIT::alive).toList());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aWellBehavedScriptStartsReportsAndStops() throws Exception {
        Path svc = script("svc", SERVICE);
        assertEquals(new OcfResult(OcfStatus.NOT_RUNNING, "stopped (status 3): svc is stopped"), run(ResourceOperation.MONITOR, svc, T));
        long t0 = System.nanoTime();
        assertEquals(new OcfResult(OcfStatus.SUCCESS, "started: Starting svc: [  OK  ]"), run(ResourceOperation.START, svc, T));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 5,
            "the daemon holding the script's output does not hold up the start");
        long daemon = Long.parseLong(Files.readString(dir.resolve("svc.pid")).strip());
        assertTrue(alive(daemon), "the daemon runs after start");
        OcfResult status = run(ResourceOperation.MONITOR, svc, T);
        assertEquals(OcfStatus.SUCCESS, status.status(), status.message());
        assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.START, svc, T).status(), "start when running is a success");
        assertEquals(new OcfResult(OcfStatus.SUCCESS, "stopped: Stopping svc: [  OK  ]"), run(ResourceOperation.STOP, svc, T));
        waitDead(List.of(daemon));
        assertEquals(OcfStatus.NOT_RUNNING, run(ResourceOperation.MONITOR, svc, T).status());
        assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.STOP, svc, T).status(), "stop when stopped is a success");
        assertEquals(new OcfResult(OcfStatus.SUCCESS, svc + " is an executable script"), run(ResourceOperation.VALIDATE, svc, T));
    }

    @Test
    void aDaemonThatDiedIsReportedDeadNotStopped() throws Exception {
        Path svc = script("svc", SERVICE);
        assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.START, svc, T).status());
        long daemon = Long.parseLong(Files.readString(dir.resolve("svc.pid")).strip());
        ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
        waitDead(List.of(daemon));
        assertEquals(new OcfResult(OcfStatus.ERR_GENERIC, "dead but its pid file exists (status 1): svc dead but pid file exists"),
            run(ResourceOperation.MONITOR, svc, T));
    }

    @Test
    void aHangingScriptIsKilledOnTimeoutWithItsChildren() throws Exception {
        Path hang = script("hang", """
            #!/bin/sh
            trap '' TERM
            echo $$ > @DIR@/pids
            sh -c 'trap "" TERM; sleep 300' &
            echo $! >> @DIR@/pids
            echo "waiting for the database..."
            sleep 300
            """);
        long t0 = System.nanoTime();
        OcfResult r = run(ResourceOperation.START, hang, Duration.ofSeconds(1));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(OcfStatus.TIMED_OUT, r.status(), r.message());
        assertTrue(r.message().startsWith(hang + " start timed out after 1 s; killed its process group ("), r.message());
        assertTrue(r.message().endsWith(": waiting for the database..."), r.message());
        assertTrue(took < 6000, "took " + took + " ms");
        List<Long> pids = Files.readAllLines(dir.resolve("pids")).stream().map(String::strip).map(Long::parseLong).toList();
        assertEquals(2, pids.size());
        waitDead(pids);
    }

    @Test
    void aCancelledOperationKillsTheScript() throws Exception {
        Path hang = script("hang", """
            #!/bin/sh
            echo $$ > @DIR@/pids
            sleep 300
            """);
        AtomicReference<Thread> runner = new AtomicReference<>();
        CompletableFuture<OcfResult> f = CompletableFuture.supplyAsync(() -> {
            runner.set(Thread.currentThread());
            return run(ResourceOperation.STOP, hang, Duration.ofMinutes(1));
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(dir.resolve("pids")) || Files.readString(dir.resolve("pids")).isBlank()) {
            assertTrue(System.nanoTime() < deadline, "the script did not start");
            Thread.sleep(10);
        }
        runner.get().interrupt();
        OcfResult r = f.get(10, TimeUnit.SECONDS);
        assertEquals(OcfStatus.ERR_GENERIC, r.status());
        assertTrue(r.message().contains("stop was cancelled; killed its process group"), r.message());
        waitDead(List.of(Long.parseLong(Files.readString(dir.resolve("pids")).strip())));
    }

    @Test
    void wrongExitCodesAreFailuresThatSayWhat() throws Exception {
        Path odd = script("odd", """
            #!/bin/sh
            case "$1" in
              start) echo "configuration file /etc/odd.conf missing" >&2; exit 6 ;;
              stop) exit 150 ;;
              status) exit 42 ;;
            esac
            """);
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, odd + " start exited with 6 (err configured): "
            + "configuration file /etc/odd.conf missing"), run(ResourceOperation.START, odd, T));
        assertEquals(new OcfResult(OcfStatus.ERR_GENERIC, odd + " stop exited with 150, which is not an LSB code (0-7)"),
            run(ResourceOperation.STOP, odd, T));
        assertEquals(new OcfResult(OcfStatus.ERR_GENERIC, odd + " status exited with 42, which is not an LSB status code (0-4)"),
            run(ResourceOperation.MONITOR, odd, T));
    }

    @Test
    void aScriptThatClaimsToStartWithoutStartingIsSeenStoppedByStatus() throws Exception {
        Path liar = script("liar", """
            #!/bin/sh
            case "$1" in
              start) echo "Starting liar: [  OK  ]"; exit 0 ;;
              stop) exit 0 ;;
              status) echo "liar is stopped"; exit 3 ;;
            esac
            """);
        assertEquals(OcfStatus.SUCCESS, run(ResourceOperation.START, liar, T).status());
        assertEquals(new OcfResult(OcfStatus.NOT_RUNNING, "stopped (status 3): liar is stopped"), run(ResourceOperation.MONITOR, liar, T));
    }

    @Test
    void aScriptThatIsNotExecutableOrMissingIsAClearError() throws Exception {
        Path plain = script("plain", SERVICE);
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "script:svc: " + plain + " is not executable"),
            run(ResourceOperation.START, plain, T));
        Path missing = dir.resolve("nope");
        assertEquals(new OcfResult(OcfStatus.ERR_INSTALLED, "script:svc: " + missing + ": no such file on this node"),
            run(ResourceOperation.MONITOR, missing, T));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "script:svc: " + dir + " is not a file"),
            run(ResourceOperation.START, dir, T));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "script:svc: parameter file is required"),
            agent.execute(ResourceOperation.START, new ResourceInstance("script:svc", "script", Map.of("name", "svc")), T));
        assertEquals(new OcfResult(OcfStatus.ERR_CONFIGURED, "script:svc: file init.d/httpd is not an absolute path"),
            agent.execute(ResourceOperation.START, new ResourceInstance("script:svc", "script",
                Map.of("name", "svc", "file", "init.d/httpd")), T));
    }
}
