package org.vigil.resource.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ProcessRunner with real shells: exit codes, output tails, process groups killed on timeout. */
class ProcessRunnerTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");

    @Test
    void keepsTheExitCodeAndTheLastLinesOfOutput() throws Exception {
        ProcessRunner.Outcome o = ProcessRunner.run(List.of("sh", "-c", "echo one; echo two >&2; echo; echo three; exit 7"),
                ENV, Duration.ofSeconds(10), 2);
        assertEquals(7, o.exitCode());
        assertFalse(o.timedOut());
        assertEquals(List.of("two", "three"), o.output());
        assertEquals("two | three", o.tail());
    }

    @Test
    void theEnvironmentIsExactlyTheOneGiven() throws Exception {
        ProcessRunner.Outcome o = ProcessRunner.run(List.of("sh", "-c", "echo \"$VIGIL_X-${HOME:-none}\""),
                Map.of("PATH", ENV.get("PATH"), "VIGIL_X", "x"), Duration.ofSeconds(10), 5);
        assertEquals(List.of("x-none"), o.output());
    }

    @Test
    void anOverrunKillsTheWholeProcessGroup() throws Exception {
        ProcessRunner.Outcome o = ProcessRunner.run(List.of("sh", "-c", "sleep 30 & sleep 30 & wait"), ENV,
                Duration.ofMillis(300), 5);
        assertTrue(o.timedOut());
        assertEquals(-1, o.exitCode());
        assertEquals(3, o.killed(), "the shell and its two sleeps");
    }

    @Test
    void capturingKeepsEveryLineOfStdoutOnly() throws Exception {
        ProcessRunner.Outcome o = ProcessRunner.runCapturing(List.of(),
                List.of("sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; echo noise >&2"), ENV, Duration.ofSeconds(10));
        assertEquals(0, o.exitCode());
        assertEquals(List.of("line1", "line2", "line3", "line4", "line5"), o.output());
    }
}
