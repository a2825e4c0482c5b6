package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpmiParametersTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("ipaddr", "10.0.0.9");
        m.put("login", "admin");
        m.put("passwd", "hunter2");
        return m;
    }

    @Test
    void defaultsAreFenceIpmilansWithCipherSuite3() {
        IpmiParameters p = IpmiParameters.parse(minimal());
        assertEquals("10.0.0.9", p.target().host());
        assertEquals(623, p.target().port());
        assertEquals(Privilege.ADMINISTRATOR, p.target().privilege());
        assertEquals(PowerActions.Method.ONOFF, p.method());
        assertEquals(Duration.ZERO, p.powerWait());
        assertEquals(Duration.ofSeconds(20), p.timeout());
        assertEquals(Duration.ofSeconds(1), p.target().requestTimeout());
    }

    @Test
    void everyParameterIsRead() {
        Map<String, String> m = minimal();
        m.put("ipport", "16230");
        m.put("privlvl", "operator");
        m.put("cipher", "3");
        m.put("method", "cycle");
        m.put("power_wait", "2.5");
        m.put("timeout", "7");
        m.put("request_timeout", "0.25");
        m.put("lanplus", "1");
        IpmiParameters p = IpmiParameters.parse(m);
        assertEquals(16230, p.target().port());
        assertEquals(Privilege.OPERATOR, p.target().privilege());
        assertEquals(PowerActions.Method.CYCLE, p.method());
        assertEquals(Duration.ofMillis(2500), p.powerWait());
        assertEquals(Duration.ofSeconds(7), p.timeout());
        assertEquals(Duration.ofMillis(250), p.target().requestTimeout());
    }

    @Test
    void pacemakerNamesAreAliases() {
        Map<String, String> m = new HashMap<>();
        m.put("ip", "bmc1");
        m.put("username", "root");
        m.put("password", "pw");
        IpmiParameters p = IpmiParameters.parse(m);
        assertEquals("bmc1", p.target().host());
        assertEquals("root", p.target().user());
    }

    @Test
    void missingRequiredParametersAreAllNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpmiParameters.parse(Map.of("ipport", "623")));
        assertEquals("invalid ipmi device parameters: ipaddr is required; login is required; passwd is required",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "ipport, 70000, ipport must be 1-65535",
        "ipport, x, ipport must be a number",
        "privlvl, root, privlvl must be administrator, operator or user",
        "cipher, 17, cipher 17 is not supported: only cipher suite 3",
        "method, hop, method must be onoff or cycle",
        "power_wait, -1, power_wait must be 0 or more seconds",
        "timeout, 0, timeout must be more than 0 seconds",
        "request_timeout, soon, request_timeout must be a number of seconds",
        "lanplus, 0, lanplus=0 (IPMI v1.5) is not supported",
        "login, abcdefghijklmnopq, login is longer than 16 bytes",
    })
    void badValuesAreRefusedWithTheReason(String name, String value, String reason) {
        Map<String, String> m = minimal();
        m.put(name, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpmiParameters.parse(m));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aTooLongPasswordIsRefusedWithoutShowingIt() {
        Map<String, String> m = minimal();
        m.put("passwd", "ThisPasswordIsWayTooLong42");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpmiParameters.parse(m));
        assertTrue(e.getMessage().contains("passwd is longer than 20 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("ThisPassword"), e.getMessage());
    }

    @Test
    void thePasswordIsNeverInToString() {
        IpmiParameters p = IpmiParameters.parse(minimal());
        assertFalse(p.toString().contains("hunter2"), p.toString());
        assertTrue(p.target().toString().contains("password=****"), p.target().toString());
    }
}
