package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * The safety rule against a scripted power control: each status read takes the next scripted
 * reading ({@code ON}, {@code OFF}, or {@code !} for a failed read; the last one repeats).
 */
class PowerActionsTest {

    /** Scripted readings and the commands received. */
    private static final class Scripted implements PowerControl {
        final Deque<String> readings = new ArrayDeque<>();
        final List<String> commands = new ArrayList<>();
        boolean refuseOn;

        Scripted(String script) {
            for (String s : script.split(" ")) {
                readings.add(s);
            }
        }

        @Override
        public PowerState status() throws IloException {
            String r = readings.size() > 1 ? readings.poll() : readings.peek();
            commands.add("status");
            if (r.equals("!")) {
                throw new IloException("read failed");
            }
            return PowerState.valueOf(r);
        }

        @Override
        public void powerOff() {
            commands.add("off");
        }

        @Override
        public void powerOn() throws IloException {
            commands.add("on");
            if (refuseOn) {
                throw new IloException("refused on");
            }
        }

        @Override
        public void powerCycle() {
            commands.add("cycle");
        }

        @Override
        public String offCommand() {
            return "OFFCMD";
        }

        @Override
        public String onCommand() {
            return "ONCMD";
        }

        @Override
        public String cycleCommand() {
            return "CYCLECMD";
        }
    }

    private static PowerActions actions(Scripted s, double seconds) {
        return new PowerActions(s, Deadline.after(Duration.ofMillis((long) (seconds * 1000))), Duration.ZERO);
    }

    @ParameterizedTest(name = "OFF with reads [{0}] -> success {1}")
    @CsvSource({
        "ON OFF,            true,  'power is OFF (confirmed '",
        "ON ON ON OFF,      true,  'power is OFF (confirmed '",
        "ON ! OFF,          true,  'power is OFF (confirmed '",
        "OFF,               true,  'power is already OFF'",
        "ON,                false, 'power off not confirmed: status still ON after '",
        "ON ON !,           false, 'power off not confirmed: status still ON after '",
        "ON !,              false, 'power off not confirmed: OFFCMD was accepted but the power could not be read'",
    })
    void offSucceedsOnlyWhenAReadAfterTheCommandShowsOff(String reads, boolean success, String start)
            throws Exception {
        Scripted s = new Scripted(reads);
        FenceResult r = actions(s, 1).off();
        assertEquals(success, r.success(), r.message());
        assertTrue(r.message().startsWith(start), r.message());
        assertEquals(!reads.equals("OFF"), s.commands.contains("off"));
    }

    @Test
    void theLastFailedReadIsNamed() throws Exception {
        FenceResult r = actions(new Scripted("ON ON !"), 1).off();
        assertTrue(r.message().endsWith("(OFFCMD was accepted; last read failed: read failed)"), r.message());
    }

    @Test
    void rebootIsASuccessOnceOffIsConfirmedEvenIfOnFails() throws Exception {
        Scripted s = new Scripted("ON OFF OFF");
        s.refuseOn = true;
        FenceResult r = actions(s, 1).reboot(IloParameters.Method.ONOFF);
        assertTrue(r.success(), r.message());
        assertEquals("reboot: power OFF confirmed (fenced); power ON failed: refused on", r.message());
        assertEquals(PowerState.UNKNOWN, r.power());
    }

    @Test
    void rebootFailsWhenOffIsNotConfirmedAndNeverPowersOn() throws Exception {
        Scripted s = new Scripted("ON");
        FenceResult r = actions(s, 0.8).reboot(IloParameters.Method.ONOFF);
        assertFalse(r.success());
        assertTrue(r.message().startsWith("reboot: power off not confirmed: status still ON"), r.message());
        assertFalse(s.commands.contains("on"));
    }

    @Test
    void aCycleNeverSeenOffFails() throws Exception {
        Scripted s = new Scripted("ON");
        FenceResult r = actions(s, 0.6).reboot(IloParameters.Method.CYCLE);
        assertFalse(r.success());
        assertTrue(r.message().startsWith("reboot (cycle): power off not confirmed: status still ON"), r.message());
        assertTrue(r.message().endsWith("the reset was never seen OFF (method=onoff confirms the off)"), r.message());
    }

    @Test
    void aCycleOfAServerAlreadyOffOnlyPowersItOn() throws Exception {
        Scripted s = new Scripted("OFF ON");
        FenceResult r = actions(s, 1).reboot(IloParameters.Method.CYCLE);
        assertTrue(r.success(), r.message());
        assertEquals(List.of("status", "on", "status"), s.commands);
    }

    @Test
    void onIsConfirmedToo() throws Exception {
        assertTrue(actions(new Scripted("OFF OFF ON"), 1).on().success());
        FenceResult r = actions(new Scripted("OFF"), 0.6).on();
        assertFalse(r.success());
        assertTrue(r.message().startsWith("power on not confirmed: status still OFF after "), r.message());
    }
}
