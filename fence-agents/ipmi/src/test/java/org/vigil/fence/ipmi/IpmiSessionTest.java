package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session state machine over a BMC in memory: set-up, retransmission, matching, failures. */
class IpmiSessionTest {

    private static IpmiTarget target(String user, String password) {
        return new IpmiTarget("127.0.0.1", 623, user, password, Privilege.ADMINISTRATOR, Duration.ofMillis(50), 3);
    }

    private static IpmiSession open(ScriptedBmcTransport bmc, String password, long timeoutMillis)
            throws IpmiException {
        return IpmiSession.open(target("admin", password), Deadline.after(Duration.ofMillis(timeoutMillis)),
                a -> bmc);
    }

    @Test
    void setUpRunsEveryStepInOrderThenCommandsWork() throws Exception {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("admin", "secret");
        try (IpmiSession s = open(bmc, "secret", 2000)) {
            assertTrue(s.chassisPowerOn());
            s.chassisControl(ChassisControl.POWER_DOWN);
            assertFalse(s.chassisPowerOn());
        }
        assertEquals(List.of("gcac", "open", "rakp1", "rakp3", "59", "1", "2", "1", "60"), bmc.received);
        assertEquals(1, bmc.closed);
    }

    @Test
    void aLostAnswerIsRecoveredBySendingAgain() throws Exception {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("admin", "secret");
        bmc.loseFirstAnswer.addAll(List.of("gcac", "open", "rakp1", "rakp3", "59", "1", "2"));
        try (IpmiSession s = open(bmc, "secret", 3000)) {
            assertTrue(s.chassisPowerOn());
            s.chassisControl(ChassisControl.POWER_DOWN);
        }
        assertFalse(bmc.powerOn);
        assertEquals(List.of("gcac", "(lost answer to gcac)", "gcac", "open", "(lost answer to open)", "open",
                "rakp1", "(lost answer to rakp1)", "rakp1", "rakp3", "(lost answer to rakp3)", "rakp3",
                "59", "(lost answer to 59)", "59", "1", "(lost answer to 1)", "1", "2", "(lost answer to 2)", "2",
                "60"), bmc.received);
    }

    @Test
    void answersToOtherRequestsAreIgnored() throws Exception {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("admin", "secret");
        bmc.staleAnswers = true;
        bmc.powerOn = false;
        try (IpmiSession s = open(bmc, "secret", 2000)) {
            // each stale answer says "power on" for another rqSeq; the real one says off
            assertFalse(s.chassisPowerOn());
        }
    }

    @Test
    void aWrongPasswordFailsAtRakp2AndTellsTheBmc() {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("admin", "secret");
        IpmiException e = assertThrows(IpmiException.AuthenticationFailed.class, () -> open(bmc, "guess", 2000));
        assertEquals("authentication failed (RAKP 2: the BMC's key exchange code does not match ours: wrong "
                + "password for user 'admin')", e.getMessage());
        assertEquals(List.of("gcac", "open", "rakp1", "rakp3-error"), bmc.received);
    }

    @Test
    void anUnknownUserFailsAtRakp2WithTheBmcsReason() {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("root", "secret");
        IpmiException e = assertThrows(IpmiException.AuthenticationFailed.class, () -> open(bmc, "secret", 2000));
        assertEquals("authentication failed (RAKP 2: the BMC refused user 'admin' at privilege ADMINISTRATOR: "
                + "unauthorized name)", e.getMessage());
    }

    @Test
    void aSilentBmcFailsAtTheDeadlineNamingAddressAndTime() {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("admin", "secret");
        bmc.silent = true;
        long t0 = System.nanoTime();
        IpmiException e = assertThrows(IpmiException.NoAnswer.class, () -> open(bmc, "secret", 400));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("no answer from BMC at 127.0.0.1:623 within 0.4 s (last request: Get Channel Authentication "
                + "Capabilities)", e.getMessage());
        assertTrue(ms >= 380 && ms < 800, "took " + ms + " ms");
        // 50 ms per try, 3 tries per set-up, then a new set-up: about 8 sends in 400 ms
        assertTrue(bmc.received.size() >= 6, bmc.received.toString());
    }

    @Test
    void aBmcThatForgetsTheSessionGetsANewOneAndTheCommandIsRepeated() throws Exception {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("admin", "secret");
        bmc.forgetSessionAfter = 2; // Set Session Privilege Level, then the first Get Chassis Status
        try (SessionBmc s = new SessionBmc(target("admin", "secret"), Deadline.after(Duration.ofSeconds(3)),
                a -> bmc)) {
            assertEquals(org.vigil.api.fence.PowerState.ON, s.status());
        }
        assertEquals(List.of("gcac", "open", "rakp1", "rakp3", "59", "1", "(forgot the session)",
                "garbage: authenticated or encrypted packet without a session",
                "garbage: authenticated or encrypted packet without a session",
                "gcac", "open", "rakp1", "rakp3", "59", "1", "60"), bmc.received);
    }

    @Test
    void aRefusedPrivilegeLevelFailsWithTheReasonAndClosesTheSession() {
        ScriptedBmcTransport bmc = new ScriptedBmcTransport("admin", "secret");
        bmc.refusePrivilege = true;
        IpmiException e = assertThrows(IpmiException.class, () -> open(bmc, "secret", 2000));
        assertEquals("BMC refused privilege level ADMINISTRATOR for user 'admin': completion code 0x81 (requested "
                + "level exceeds the channel or user privilege limit)", e.getMessage());
        assertEquals(1, bmc.closed, "the half-set-up session was not closed");
    }
}
