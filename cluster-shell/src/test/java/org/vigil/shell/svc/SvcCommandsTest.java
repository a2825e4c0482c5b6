package org.vigil.shell.svc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.vigil.api.service.ServiceDecision;
import org.vigil.api.service.ServiceManager;
import org.vigil.api.service.ServiceOperationResult;
import org.vigil.api.service.ServiceState;
import org.vigil.api.service.ServiceStatus;
import org.vigil.api.service.ServiceVerb;

/** The svc: commands over a service manager written here: output lines, JSON, failures as errors. */
class SvcCommandsTest {

    /** A service manager that answers what the test sets, and records the verbs. */
    static final class Manager implements ServiceManager {
        final List<String> verbs = new ArrayList<>();
        ServiceOperationResult next = new ServiceOperationResult(true, Optional.of("node2"), "service:web is now running on node2");
        boolean locked;

        @Override
        public List<ServiceStatus> services() {
            return List.of(
                new ServiceStatus("web", ServiceState.STARTED, Optional.of("node2"), Optional.of("node1"), false, Instant.EPOCH,
                    "service:web started on node2"),
                new ServiceStatus("db", ServiceState.STOPPED, Optional.empty(), Optional.of("node3"), true, Instant.EPOCH,
                    "service:db stays stopped: no member of restricted domain d is online"));
        }

        @Override
        public List<ServiceDecision> decisions() {
            return List.of(new ServiceDecision(Instant.parse("2026-01-01T10:00:00Z"), "web", "start web on node2",
                "service:web relocated from node1 to node2: node1 fenced"));
        }

        @Override
        public CompletableFuture<ServiceOperationResult> perform(ServiceVerb verb, String service, Optional<String> member) {
            verbs.add(verb + " " + service + member.map(m -> " " + m).orElse(""));
            return CompletableFuture.completedFuture(next);
        }

        @Override
        public void setLocked(boolean l) {
            locked = l;
        }

        @Override
        public boolean isLocked() {
            return locked;
        }
    }

    private static String capture(ThrowingRunnable r) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void relocateSaysTryingAndSuccess() throws Exception {
        Manager m = new Manager();
        RelocateCommand c = new RelocateCommand();
        c.manager = m;
        c.service = "web";
        c.member = "node2";
        String out = capture(c::execute);
        assertTrue(out.startsWith("Trying to relocate service:web to node2...Success"), out);
        assertTrue(out.contains("service:web is now running on node2"), out);
        assertEquals(List.of("RELOCATE web node2"), m.verbs);
    }

    @Test
    void aRefusedVerbIsAnErrorSayingWhy() {
        Manager m = new Manager();
        m.next = new ServiceOperationResult(false, Optional.of("node1"), "the cluster-wide lock is held: no relocation");
        RelocateCommand c = new RelocateCommand();
        c.manager = m;
        c.service = "web";
        ServiceCommandException e = assertThrows(ServiceCommandException.class, c::execute);
        assertEquals("Trying to relocate service:web...Failed: the cluster-wide lock is held: no relocation", e.getMessage());
    }

    @Test
    void withoutAServiceManagerTheCommandSaysSo() {
        DisableCommand c = new DisableCommand();
        c.service = "web";
        ServiceCommandException e = assertThrows(ServiceCommandException.class, c::execute);
        assertTrue(e.getMessage().contains("service manager is not running"), e.getMessage());
    }

    @Test
    void listShowsOwnerLastOwnerAndStateAsClustat() throws Exception {
        ListCommand c = new ListCommand();
        c.manager = new Manager();
        String out = capture(c::execute);
        assertTrue(out.contains("Service Name") && out.contains("Owner (Last)") && out.contains("State"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("service:web") && l.contains("node2") && l.contains("started")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("service:db") && l.contains("(node3)") && l.contains("stopped [Z]")), out);

        c.why = true;
        out = capture(c::execute);
        assertTrue(out.contains("no member of restricted domain d is online"), out);
        assertTrue(out.contains("start web on node2: service:web relocated from node1 to node2: node1 fenced"), out);

        c.json = true;
        out = capture(c::execute);
        assertTrue(out.contains("\"lastOwner\" : \"node3\"") && out.contains("\"decisions\""), out);
    }

    @Test
    void lockAndUnlock() throws Exception {
        Manager m = new Manager();
        LockCommand lock = new LockCommand();
        lock.manager = m;
        assertTrue(capture(lock::execute).contains("Trying to lock the service manager...Success"));
        assertTrue(m.locked);
        UnlockCommand unlock = new UnlockCommand();
        unlock.manager = m;
        capture(unlock::execute);
        assertTrue(!m.locked);
    }
}
