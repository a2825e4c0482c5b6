package org.vigil.resource.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Commands against real programs (sh, sleep, env). */
class CommandsTest {

    private final Commands commands = new Commands();

    @Test
    void findsProgramsOnThePathAndInSystemDirectories() {
        assertTrue(Commands.find("sh").isPresent());
        assertTrue(Commands.find("umount").isPresent(), "umount lives in a system directory");
        assertEquals(Optional.empty(), Commands.find("no-such-program-vigil"));
    }

    @Test
    void runKeepsStdoutStderrAndExitCode() {
        Commands.Result r = commands.run(Deadline.after(Duration.ofSeconds(10)), "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertFalse(r.ok());
        assertEquals("err", r.said());
    }

    @Test
    void runMergedKeepsTheOrderWritten() {
        Commands.Result r = commands.runMerged(Deadline.after(Duration.ofSeconds(10)), "sh", "-c", "echo a; echo b >&2; echo c");
        assertTrue(r.ok(), r.said());
        assertEquals("a\nb\nc\n", r.stdout());
    }

    @Test
    void aCommandThatOverrunsIsKilledWithItsChildren() throws Exception {
        long t0 = System.nanoTime();
        Commands.Result r = commands.run(Deadline.after(Duration.ofMillis(300)), "sh", "-c", "sleep 30 & echo $!; wait");
        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
        assertTrue(r.stderr().contains("sh killed after 0.3 s"), r.stderr());
        long child = Long.parseLong(r.stdout().strip());
        Optional<ProcessHandle> h = ProcessHandle.of(child);
        if (h.isPresent()) {
            h.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos());
    }

    @Test
    void aProgramThatCannotStartIsAResultWithTheReason() {
        Commands.Result r = commands.run(Deadline.after(Duration.ofSeconds(5)), "no-such-program-vigil");
        assertEquals(-1, r.exitCode());
        assertFalse(r.timedOut());
        assertTrue(r.stderr().startsWith("cannot run no-such-program-vigil: "), r.stderr());
    }

    @Test
    void thePrefixRunsBeforeEveryCommand() {
        Commands prefixed = new Commands(List.of("env", "VIGIL_PREFIX=yes"));
        Commands.Result r = prefixed.run(Deadline.after(Duration.ofSeconds(5)), "sh", "-c", "echo $VIGIL_PREFIX");
        assertEquals("yes\n", r.stdout());
    }

    @Test
    void aBackgroundCommandIsKilledWhenItOutlivesItsLimit() throws Exception {
        Process p = commands.background(Duration.ofMillis(200), "sleep", "30").orElseThrow();
        p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(p.isAlive());
        assertTrue(commands.background(Duration.ofSeconds(1), "no-such-program-vigil").isEmpty());
    }
}
