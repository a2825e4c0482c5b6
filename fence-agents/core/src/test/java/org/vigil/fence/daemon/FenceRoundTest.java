package org.vigil.fence.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * The level/device walk as a function of agent results. Levels are written
 * {@code "ipmi:reboot | apcA:off apcB:off"} (a device {@code name[@type]:action}, type
 * {@code x} by default; {@code missing} means its agent is not installed, {@code manual} the
 * manual agent, {@code nostatus} an agent without STATUS). Scripted results:
 * {@code "ipmi.off=ok ipmi.status=ON apcA.off=fail"} (unscripted calls succeed, STATUS reads OFF).
 */
class FenceRoundTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // case ; levels ; scripted results ; success ; level ; action ; message contains ; calls
        "reboot: off, confirmed off, on ; ipmi:reboot ; ; true ; 1 ; REBOOT ; fenced by ipmi (reboot: off, confirmed off, on) ; ipmi.off ipmi.status ipmi.on",
        "off only ; ipmi:off ; ; true ; 1 ; OFF ; fenced by ipmi (off, confirmed off) ; ipmi.off ipmi.status",
        "lying agent: off ok but status ON is not fenced ; ipmi:off ; ipmi.status=ON ; false ; 1 ; OFF ; the off is not confirmed: status reads ON ; ipmi.off ipmi.status",
        "status that cannot be read is not a confirmation ; ipmi:off ; ipmi.status=fail ; false ; 1 ; OFF ; not confirmed: status failed ; ipmi.off ipmi.status",
        "level 1 fails, level 2 both outlets ; ipmi:reboot | apcA:off apcB:off ; ipmi.off=fail ; true ; 2 ; OFF ; fenced by apcA:1 + apcB:1 (off, confirmed off) ; ipmi.off apcA.off apcA.status apcB.off apcB.status",
        "one outlet of two fails: the level fails ; apcA:off apcB:off ; apcB.off=fail ; false ; 1 ; OFF ; apcB:1 off failed ; apcA.off apcA.status apcB.off",
        "dual supply reboot: both off before any on ; apcA:reboot apcB:reboot ; ; true ; 1 ; REBOOT ; reboot: off, confirmed off, on ; apcA.off apcA.status apcB.off apcB.status apcA.on apcB.on",
        "power on failing after a confirmed off still fences ; ipmi:reboot ; ipmi.on=fail ; true ; 1 ; REBOOT ; power on failed ; ipmi.off ipmi.status ipmi.on",
        "missing agent: next level ; ilo@missing:reboot | ipmi:off ; ; true ; 2 ; OFF ; fenced by ipmi ; ipmi.off ipmi.status",
        "missing agent alone ; ilo@missing:reboot ; ; false ; 1 ; REBOOT ; agent missing ; ",
        "manual only: waits for an operator ; human@manual:reboot ; human.off=fail ; false ; 1 ; REBOOT ; waiting for an operator: run fence:ack node3 ; human.off",
        "manual first, ipmi second ; human@manual:reboot | ipmi:off ; human.off=fail ; true ; 2 ; OFF ; fenced by ipmi ; human.off ipmi.off ipmi.status",
        "an agent without status is accepted unconfirmed ; pdu@nostatus:off ; ; true ; 1 ; OFF ; not confirmed: the agent has no status ; pdu.off",
        "every level fails: each reason is given ; ipmi:reboot | apcA:off ; ipmi.off=fail apcA.status=ON ; false ; 2 ; OFF ; ipmi off failed: scripted failure ; ipmi.off apcA.off apcA.status",
    })
    void walks(String name, String levels, String script, boolean success, int level, FenceAction action,
               String contains, String calls) {
        ScriptedCalls c = new ScriptedCalls(script);
        FenceRound.Result r = FenceRound.run("node3", levels(levels), true, c);
        assertEquals(success, r.success(), name + ": " + r.message());
        assertEquals(level, r.level(), name);
        if (success) {
            assertEquals(action, r.action(), name);
        }
        assertTrue(r.message().contains(contains.strip()), name + ": " + r.message());
        assertEquals(calls == null ? "" : calls.strip(), String.join(" ", c.log), name);
        assertEquals(name.startsWith("manual only"), r.needsOperator(), name + ": needs operator");
    }

    @Test
    void aNodeWithoutLevelsNeedsAnOperator() {
        FenceRound.Result r = FenceRound.run("node3", List.of(), true, new ScriptedCalls(""));
        assertFalse(r.success());
        assertTrue(r.needsOperator());
        assertTrue(r.message().contains("no fence methods"), r.message());
    }

    @Test
    void theDeviceDelayIsWaitedOnTheFirstRoundOnly() {
        List<Level> l = List.of(new Level(1, "m1", List.of(step("ipmi", "x", FenceAction.OFF, Duration.ofSeconds(15), null))));
        ScriptedCalls first = new ScriptedCalls("");
        assertTrue(FenceRound.run("node3", l, true, first).success());
        assertEquals(List.of(Duration.ofSeconds(15)), first.pauses);
        ScriptedCalls later = new ScriptedCalls("");
        assertTrue(FenceRound.run("node3", l, false, later).success());
        assertEquals(List.of(), later.pauses);
    }

    @Test
    void aRoundCalledOffStopsBeforeTheNextDevice() {
        ScriptedCalls c = new ScriptedCalls("");
        c.wanted = false;
        FenceRound.Result r = FenceRound.run("node3", levels("ipmi:off"), true, c);
        assertTrue(r.aborted());
        assertFalse(r.success());
        assertEquals(List.of(), c.log);
    }

    @Test
    void aDeviceWithABadSettingFailsItsLevelWithTheReason() {
        List<Level> l = List.of(new Level(1, "m1", List.of(step("ipmi", "x", FenceAction.OFF, Duration.ZERO,
            "delay 'soon' of device ipmi is not a number of seconds"))));
        FenceRound.Result r = FenceRound.run("node3", l, true, new ScriptedCalls(""));
        assertFalse(r.success());
        assertTrue(r.message().contains("delay 'soon'"), r.message());
    }

    // ---- helpers

    static List<Level> levels(String spec) {
        List<Level> out = new ArrayList<>();
        int n = 0;
        for (String level : spec.split("\\|")) {
            n++;
            List<DeviceStep> steps = new ArrayList<>();
            for (String d : level.strip().split("\\s+")) {
                String[] nameAction = d.split(":");
                String[] nameType = nameAction[0].split("@");
                String type = nameType.length > 1 ? nameType[1] : "x";
                FenceAction a = FenceAction.valueOf(nameAction[1].toUpperCase(Locale.ROOT));
                steps.add(step(nameType[0], type, a, Duration.ZERO, null));
            }
            out.add(new Level(n, "m" + n, steps));
        }
        return out;
    }

    static DeviceStep step(String name, String type, FenceAction action, Duration delay, String problem) {
        boolean installed = !type.equals("missing");
        String plug = name.startsWith("apc") ? "1" : null;
        return new DeviceStep(name, new AgentRouting.Route(type, installed, Map.of(), installed ? "agent " + type
            : "no fence agent of type 'ilo' is installed on node1"), Map.of("passwd", "secret"), plug, action, delay,
            Duration.ofSeconds(5), problem);
    }

    /** Agent results from a script; records the calls in order. */
    static final class ScriptedCalls implements FenceRound.Calls {
        final Map<String, Deque<String>> script = new HashMap<>();
        final List<String> log = new ArrayList<>();
        final List<Duration> pauses = new ArrayList<>();
        boolean wanted = true;

        ScriptedCalls(String spec) {
            if (spec != null && !spec.isBlank()) {
                for (String s : spec.strip().split("\\s+")) {
                    String[] kv = s.split("=");
                    script.computeIfAbsent(kv[0], k -> new ArrayDeque<>()).addAll(Arrays.asList(kv[1].split(",")));
                }
            }
        }

        @Override
        public FenceResult call(DeviceStep step, FenceAction action) {
            String key = step.device() + "." + action.name().toLowerCase(Locale.ROOT);
            log.add(key);
            Deque<String> q = script.get(key);
            String v = q == null || q.isEmpty() ? "ok" : q.size() > 1 ? q.poll() : q.peek();
            if (v.equals("fail")) {
                return FenceResult.failed("scripted failure");
            }
            if (action == FenceAction.STATUS) {
                return new FenceResult(true, v.equals("ON") ? PowerState.ON : PowerState.OFF, List.of(), "status " + v);
            }
            return new FenceResult(true, action == FenceAction.ON ? PowerState.ON : PowerState.OFF, List.of(), "done");
        }

        @Override
        public Set<FenceAction> actions(DeviceStep step) {
            if (step.route().type().equals("manual")) {
                return EnumSet.of(FenceAction.OFF, FenceAction.ON);
            }
            if (step.route().type().equals("nostatus")) {
                return EnumSet.of(FenceAction.OFF, FenceAction.ON);
            }
            return EnumSet.allOf(FenceAction.class);
        }

        @Override
        public boolean pause(Duration duration, String why) {
            pauses.add(duration);
            return wanted;
        }

        @Override
        public boolean stillWanted() {
            return wanted;
        }

        @Override
        public void note(boolean warn, String line) {
        }
    }
}
