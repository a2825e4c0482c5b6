package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;
import org.vigil.fence.testpeers.IpmiSim;

/** The safety rule and the action sequences, against a BMC in memory. */
class PowerActionsTest {

    private static PowerActions actions(FakeBmc bmc, long timeoutMillis) {
        return new PowerActions(bmc, Deadline.after(Duration.ofMillis(timeoutMillis)), Duration.ZERO);
    }

    /** Table: start state, action, lag, lying → success, final power, message start. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(PowerState.ON, "off", 0, false, true, PowerState.OFF, "power is OFF (confirmed"),
                Arguments.of(PowerState.ON, "off", 3, false, true, PowerState.OFF, "power is OFF (confirmed"),
                Arguments.of(PowerState.OFF, "off", 0, false, true, PowerState.OFF, "power is already OFF"),
                Arguments.of(PowerState.ON, "off", 0, true, false, PowerState.ON,
                        "BMC reported the command done but the power is still ON"),
                Arguments.of(PowerState.OFF, "on", 0, false, true, PowerState.ON, "power is ON (confirmed"),
                Arguments.of(PowerState.ON, "on", 0, false, true, PowerState.ON, "power is already ON"),
                Arguments.of(PowerState.OFF, "on", 0, true, false, PowerState.OFF,
                        "BMC reported the command done but the power is still OFF"),
                Arguments.of(PowerState.ON, "reboot-onoff", 1, false, true, PowerState.ON,
                        "reboot: power OFF confirmed, then ON again"),
                Arguments.of(PowerState.OFF, "reboot-onoff", 0, false, true, PowerState.ON,
                        "reboot: power OFF confirmed, then ON again"),
                Arguments.of(PowerState.ON, "reboot-onoff", 0, true, false, PowerState.ON,
                        "reboot: power off not confirmed: BMC reported the command done but the power is still ON"),
                Arguments.of(PowerState.ON, "reboot-cycle", 0, false, true, PowerState.ON,
                        "reboot (cycle): power OFF confirmed"),
                Arguments.of(PowerState.OFF, "reboot-cycle", 0, false, true, PowerState.ON,
                        "reboot (cycle): power was already OFF"),
                Arguments.of(PowerState.ON, "reboot-cycle", 0, true, false, PowerState.ON,
                        "BMC reported the command done but the power is still ON: the power cycle was never seen OFF"),
                Arguments.of(PowerState.ON, "status", 0, false, true, PowerState.ON, "power is ON"),
                Arguments.of(PowerState.OFF, "monitor", 0, false, true, PowerState.OFF, "BMC answers"));
    }

    @ParameterizedTest(name = "{0} {1} lag={2} lying={3}")
    @MethodSource("table")
    void actionTable(PowerState start, String action, int lag, boolean lying, boolean success, PowerState end,
                     String message) throws Exception {
        FakeBmc bmc = new FakeBmc(start);
        bmc.lag = lag;
        bmc.lying = lying;
        PowerActions a = actions(bmc, 700);
        FenceResult r;
        switch (action) {
            case "off": r = a.off(); break;
            case "on": r = a.on(); break;
            case "reboot-onoff": r = a.reboot(PowerActions.Method.ONOFF); break;
            case "reboot-cycle": r = a.reboot(PowerActions.Method.CYCLE); break;
            case "status": r = a.status(); break;
            default: r = a.monitor(); break;
        }
        assertEquals(success, r.success(), r.message());
        assertEquals(end, r.power(), r.message());
        assertTrue(r.message().startsWith(message), r.message());
    }

    @Test
    void offReadsTheStatusAfterTheCommandBeforeSayingSo() throws Exception {
        FakeBmc bmc = new FakeBmc(PowerState.ON);
        assertTrue(actions(bmc, 1000).off().success());
        assertEquals(List.of("status", "POWER_DOWN", "status"), bmc.calls);
    }

    @Test
    void aLyingBmcIsPolledUntilTheDeadlineThenFails() throws Exception {
        FakeBmc bmc = new FakeBmc(PowerState.ON);
        bmc.lying = true;
        long t0 = System.nanoTime();
        FenceResult r = actions(bmc, 600).off();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.success());
        assertTrue(ms >= 350 && ms < 1000, "took " + ms + " ms");
        assertTrue(bmc.statusCalls >= 4, "polled only " + bmc.statusCalls + " times");
    }

    @Test
    void rebootSucceedsOnceOffIsConfirmedEvenWhenOnFails() throws Exception {
        FakeBmc bmc = new FakeBmc(PowerState.ON);
        bmc.failStatusAfter = 2; // status, POWER_DOWN, status(OFF) ... then no answer
        FenceResult r = actions(bmc, 700).reboot(PowerActions.Method.ONOFF);
        assertTrue(r.success(), r.message());
        assertTrue(r.message().startsWith("reboot: power OFF confirmed (fenced); power ON failed"), r.message());
    }

    @Test
    void aStatusThatCannotBeReadAfterOffIsAFailureWithTheReason() {
        FakeBmc bmc = new FakeBmc(PowerState.ON);
        bmc.failStatusAfter = 1;
        IpmiException e = assertThrows(IpmiException.class, () -> actions(bmc, 700).off());
        assertTrue(e.getMessage().startsWith("BMC accepted power down but the power could not be confirmed OFF: "
                + "no answer"), e.getMessage());
    }

    @Test
    void theDeadlineComingDuringAPollKeepsTheVerdictOfTheLastRead() throws Exception {
        FakeBmc bmc = new FakeBmc(PowerState.ON) {
            @Override
            public PowerState status() throws IpmiException {
                PowerState p = super.status();
                if (statusCalls > 2) {
                    IpmiSim.sleep(300); // the answer comes after the deadline: no answer
                    throw new IpmiException.NoAnswer("no answer from BMC at fake:623 within 0.4 s");
                }
                return p;
            }
        };
        bmc.lying = true;
        FenceResult r = actions(bmc, 400).off();
        assertFalse(r.success());
        assertEquals(PowerState.ON, r.power());
        assertTrue(r.message().startsWith("BMC reported the command done but the power is still ON"), r.message());
    }

    @Test
    void powerWaitDelaysTheFirstRead() throws Exception {
        FakeBmc bmc = new FakeBmc(PowerState.ON);
        long t0 = System.nanoTime();
        FenceResult r = new PowerActions(bmc, Deadline.after(Duration.ofSeconds(2)), Duration.ofMillis(300)).off();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.success());
        assertTrue(ms >= 290, "took " + ms + " ms");
    }
}
