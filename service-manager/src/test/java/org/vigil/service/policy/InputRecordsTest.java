package org.vigil.service.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.api.service.ServiceState;
import org.vigil.api.service.ServiceVerb;

/** The input and output records check what they are given and say what is wrong. */
class InputRecordsTest {

    @Test
    void requestsAreChecked() {
        assertEquals("request relocate needs a service name", assertThrows(IllegalArgumentException.class,
            () -> OperatorRequest.of(OperatorVerb.RELOCATE, " ")).getMessage());
        assertEquals("request unlock takes no service (got 'web')", assertThrows(IllegalArgumentException.class,
            () -> OperatorRequest.of(OperatorVerb.UNLOCK, "web")).getMessage());
        assertEquals("request disable takes no member (got 'node2')", assertThrows(IllegalArgumentException.class,
            () -> new OperatorRequest(OperatorVerb.DISABLE, "web", Optional.of("node2"))).getMessage());
        assertEquals("relocate web node2", new OperatorRequest(OperatorVerb.RELOCATE, "web", Optional.of("node2")).toString());
        assertEquals(OperatorVerb.MIGRATE, OperatorVerb.of(ServiceVerb.MIGRATE));
    }

    @Test
    void reportsAreChecked() {
        assertEquals("a node report needs the node's name", assertThrows(IllegalArgumentException.class,
            () -> new NodeReport("", Map.of())).getMessage());
        NodeReport r = new NodeReport("node1", Map.of("web", ReportedService.of(ReportedState.RUNNING)));
        assertEquals(ReportedState.RUNNING, r.state("web"));
        assertEquals(ReportedState.STOPPED, r.state("db"));
    }

    @Test
    void tableKeysMustMatchEntries() {
        assertEquals("service table key 'web' holds the entry of 'db'", assertThrows(IllegalArgumentException.class,
            () -> new ServiceTable(false, Set.of(), Map.of("web", ServiceEntry.of("db", ServiceState.STOPPED))))
            .getMessage());
    }

    @Test
    void actionsAreChecked() {
        assertEquals("START of web needs a node", assertThrows(IllegalArgumentException.class,
            () -> new Action(Action.Kind.START, "web", Optional.empty(), Optional.empty(), ServiceState.STARTING, "x"))
            .getMessage());
        assertEquals("only a MIGRATE has a target", assertThrows(IllegalArgumentException.class,
            () -> new Action(Action.Kind.STOP, "web", Optional.of("a"), Optional.of("b"), ServiceState.STOPPING, "x"))
            .getMessage());
        assertEquals("migrate vm from a to b: why", new Action(Action.Kind.MIGRATE, "vm", Optional.of("a"), Optional.of("b"),
            ServiceState.STARTING, "why").toString());
    }

    @Test
    void entriesPrintAsTheScenarioFilesWriteThem() {
        ServiceEntry e = new ServiceEntry("web", ServiceState.STARTED, Optional.of("node1"), Optional.of("node2"), true,
            false, true, List.of(Instant.ofEpochSecond(900)), Set.of("node3"), "why");
        assertEquals("web: started owner=node1 last=node2 frozen held restarts=900 failed-starts=node3", e.toString());
    }
}
