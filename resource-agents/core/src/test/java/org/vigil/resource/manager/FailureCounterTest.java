package org.vigil.resource.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.resource.ResourceOperation;

/** Failure expiry, durations and the manager's resource attributes. */
class FailureCounterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void failuresExpireAfterTheTimeoutEachOnItsOwn() {
        FailureCounter c = new FailureCounter(Duration.ofMinutes(10));
        c.record(T0);
        c.record(T0.plusSeconds(300));
        assertEquals(2, c.count(T0.plusSeconds(599)));
        assertEquals(1, c.count(T0.plusSeconds(600)));
        assertEquals(1, c.count(T0.plusSeconds(899)));
        assertEquals(0, c.count(T0.plusSeconds(900)));
    }

    @Test
    void aZeroTimeoutKeepsFailuresUntilReset() {
        FailureCounter c = new FailureCounter(Duration.ZERO);
        c.record(T0);
        assertEquals(1, c.count(T0.plus(Duration.ofDays(365))));
        c.reset();
        assertEquals(0, c.count(T0));
    }

    @ParameterizedTest
    @CsvSource({"30,30000", "30s,30000", "500ms,500", "2m,120000", "1.5,1500", "1h,3600000", "0,0", "' 10 ',10000"})
    void durations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @Test
    void aBadDurationSaysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("ten"));
        assertTrue(e.getMessage().contains("'ten' is not a duration"), e.getMessage());
    }

    @Test
    void durationsForPeople() {
        assertEquals("20 s", Durations.format(Duration.ofSeconds(20)));
        assertEquals("500 ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("1.5 s", Durations.format(Duration.ofMillis(1500)));
    }

    @Test
    void settingsFromAttributes() {
        List<String> problems = new ArrayList<>();
        ResourceSettings s = ResourceSettings.read(Map.of("monitor_interval", "30", "failure_timeout", "0",
            "__timeout", "40", "start_timeout", "2m", "file", "/etc/init.d/httpd"), problems);
        assertEquals(List.of(), problems);
        assertEquals(Optional.of(Duration.ofSeconds(30)), s.monitorInterval());
        assertEquals(Optional.of(Duration.ZERO), s.failureTimeout());
        assertEquals(Duration.ofMinutes(2), s.timeouts().get(ResourceOperation.START));
        assertEquals(Duration.ofSeconds(40), s.timeouts().get(ResourceOperation.STOP));
        assertEquals(Map.of("file", "/etc/init.d/httpd", "name", "x"),
            ResourceSettings.agentParameters(Map.of("file", "/etc/init.d/httpd", "name", "x", "monitor_interval", "30",
                "stop_timeout", "5", "ref", "x")));
    }

    @Test
    void badSettingsAreNamed() {
        List<String> problems = new ArrayList<>();
        ResourceSettings.read(Map.of("monitor_interval", "often", "stop_timeout", "0"), problems);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("monitor_interval: 'often' is not a duration")), problems.toString());
        assertTrue(problems.contains("stop_timeout: a timeout must be more than 0"), problems.toString());
    }
}
