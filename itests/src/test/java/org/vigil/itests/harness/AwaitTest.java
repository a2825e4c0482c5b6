package org.vigil.itests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsTheFirstAcceptedValue() {
        AtomicInteger calls = new AtomicInteger();
        int v = Await.until("three calls", Duration.ofSeconds(5), Duration.ofMillis(1), calls::incrementAndGet, n -> n >= 3);
        assertEquals(3, v);
    }

    @Test
    void treatsExceptionsAsNotYet() {
        AtomicInteger calls = new AtomicInteger();
        String v = Await.until("a probe that fails twice", Duration.ofSeconds(5), Duration.ofMillis(1), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not up yet");
            }
            return "up";
        }, "up"::equals);
        assertEquals("up", v);
    }

    @Test
    void failsWithWhatItSawLast() {
        AssertionError e = assertThrows(AssertionError.class,
            () -> Await.until("forty-two", Duration.ofMillis(200), Duration.ofMillis(10), () -> 41, n -> n == 42));
        assertTrue(e.getMessage().contains("forty-two"), e.getMessage());
        assertTrue(e.getMessage().contains("last observed: 41"), e.getMessage());
        AssertionError e2 = assertThrows(AssertionError.class, () -> Await.until("never", Duration.ofMillis(100),
            Duration.ofMillis(10), () -> {
                throw new IllegalStateException("boom");
            }, x -> true));
        assertTrue(e2.getCause() instanceof IllegalStateException);
    }
}
