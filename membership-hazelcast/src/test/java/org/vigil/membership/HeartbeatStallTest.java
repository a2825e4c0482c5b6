package org.vigil.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the heartbeat thread counts as stalled: a gap between two ticks of more than half the token (ms). */
class HeartbeatStallTest {

    @ParameterizedTest(name = "{0}: ticks {1} -> {2} ms, token {3} ms -> {4}")
    @CsvSource(delimiter = ';', value = {
        "the normal 20 ms tick            ; 1000; 1020; 500 ; false",
        "a 100 ms GC pause                ; 1000; 1100; 500 ; false",
        "exactly half the token           ; 1000; 1250; 500 ; false",
        "just over half the token         ; 1000; 1251; 500 ; true",
        "the boot-time full GC seen (318) ; 1000; 1338; 500 ; true",
        "the same pause with a 1 s token  ; 1000; 1338; 1000; false",
        "no tick before                   ; -1  ; 5000; 500 ; false",
    })
    void stall(String what, long previousMs, long nowMs, long tokenMs, boolean expected) {
        long previous = previousMs < 0 ? Long.MIN_VALUE : previousMs * 1_000_000;
        assertEquals(expected, MembershipEngine.isStall(previous, nowMs * 1_000_000, tokenMs * 1_000_000), what);
    }
}
