package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.fence.AgentParameter;
import org.vigil.fence.pdu.SnmpTarget.SecurityLevel;
import org.vigil.fence.pdu.SnmpTarget.Version;

class PduParametersTest {

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String problem(Map<String, String> raw) {
        return assertThrows(IllegalArgumentException.class, () -> PduParameters.parse(raw)).getMessage();
    }

    @Test
    void defaultsAreFenceApcSnmps() {
        PduParameters p = PduParameters.parse(map("ipaddr", "pdu1"));
        assertEquals("pdu1", p.target().host());
        assertEquals(161, p.target().port());
        assertEquals(Version.V1, p.target().version());
        assertEquals("private", p.target().community());
        assertEquals(Duration.ZERO, p.powerWait());
        assertEquals(Duration.ofSeconds(20), p.powerTimeout());
        assertEquals(Duration.ofSeconds(20), p.timeout());
        assertEquals(Duration.ofSeconds(1), p.target().requestTimeout());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ipport=abc                      | ipport must be a number, not 'abc'",
        "ipport=70000                    | ipport must be 1-65535, not 70000",
        "snmp_version=2                  | snmp_version must be 1, 2c or 3, not '2'",
        "snmp_version=v3                 | snmp_version must be 1, 2c or 3, not 'v3'",
        "power_wait=-1                   | power_wait must be 0 or more seconds, not -1",
        "timeout=0                       | timeout must be more than 0 seconds, not 0",
        "power_timeout=soon              | power_timeout must be a number of seconds, not 'soon'",
        "request_timeout=NaN             | request_timeout must be more than 0 seconds, not NaN",
        "snmp_auth_prot=SHA512           | snmp_auth_prot must be MD5 or SHA, not 'SHA512'",
        "snmp_priv_prot=3DES             | snmp_priv_prot must be DES or AES, not '3DES'",
        "snmp_sec_level=secret           | snmp_sec_level must be noAuthNoPriv, authNoPriv or authPriv, not 'secret'",
        "community=                      | community must not be empty",
    })
    void badValuesAreNamed(String setting, String expected) {
        String[] kv = setting.split("=", 2);
        Map<String, String> raw = map("ipaddr", "pdu1", kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
        assertEquals("invalid pdu device parameters: " + expected, problem(raw));
    }

    @Test
    void missingIpaddrIsNamedAndAllProblemsAreListedAtOnce() {
        assertEquals("invalid pdu device parameters: ipaddr is required", problem(map()));
        assertEquals("invalid pdu device parameters: ipaddr is required; snmp_version must be 1, 2c or 3, not '4'",
                problem(map("ipaddr", " ", "snmp_version", "4")));
    }

    @Test
    void v3NeedsAUserAndPasswordsOfEightCharacters() {
        assertEquals("invalid pdu device parameters: login (the SNMP v3 user) is required with snmp_version=3",
                problem(map("ipaddr", "pdu1", "snmp_version", "3")));
        assertEquals("invalid pdu device parameters: passwd (the v3 authentication password) is required with "
                + "snmp_sec_level=authNoPriv", problem(map("ipaddr", "pdu1", "snmp_version", "3", "login", "u",
                "snmp_sec_level", "authNoPriv")));
        assertEquals("invalid pdu device parameters: snmp_priv_passwd is required with snmp_sec_level=authPriv",
                problem(map("ipaddr", "pdu1", "snmp_version", "3", "login", "u", "passwd", "longenough",
                        "snmp_sec_level", "authPriv")));
        String shortOnes = problem(map("ipaddr", "pdu1", "snmp_version", "3", "login", "u", "passwd", "abc1234",
                "snmp_priv_passwd", "xyz9876"));
        assertEquals("invalid pdu device parameters: passwd must have at least 8 characters for SNMP v3 (RFC 3414); "
                + "snmp_priv_passwd must have at least 8 characters for SNMP v3 (RFC 3414)", shortOnes);
        assertFalse(shortOnes.contains("abc1234") || shortOnes.contains("xyz9876"), shortOnes);
    }

    @Test
    void theSecurityLevelFollowsThePasswordsGiven() {
        assertEquals(SecurityLevel.NO_AUTH_NO_PRIV, PduParameters.parse(map("ipaddr", "p", "snmp_version", "3",
                "login", "u")).target().securityLevel());
        assertEquals(SecurityLevel.AUTH_NO_PRIV, PduParameters.parse(map("ipaddr", "p", "snmp_version", "3",
                "login", "u", "passwd", "authpass123")).target().securityLevel());
        PduParameters priv = PduParameters.parse(map("ipaddr", "p", "snmp_version", "3", "login", "u",
                "passwd", "authpass123", "snmp_priv_passwd", "privpass123", "snmp_auth_prot", "sha",
                "snmp_priv_prot", "aes"));
        assertEquals(SecurityLevel.AUTH_PRIV, priv.target().securityLevel());
        assertEquals(SnmpTarget.AuthProtocol.SHA, priv.target().authProtocol());
        assertEquals(SnmpTarget.PrivProtocol.AES, priv.target().privProtocol());
        assertNull(priv.target().community(), "no community for v3");
        PduParameters explicit = PduParameters.parse(map("ipaddr", "p", "snmp_version", "3", "login", "u",
                "passwd", "authpass123", "snmp_priv_passwd", "privpass123", "snmp_sec_level", "authnopriv"));
        assertEquals(SecurityLevel.AUTH_NO_PRIV, explicit.target().securityLevel());
        assertNull(explicit.target().privPassword(), "the privacy password is not used below authPriv");
    }

    @Test
    void pacemakerAliasesAreAccepted() {
        PduParameters p = PduParameters.parse(map("ip", "10.0.0.9", "snmp_version", "3", "username", "fence",
                "password", "authpass123"));
        assertEquals("10.0.0.9", p.target().host());
        assertEquals("fence", p.target().user());
        assertEquals("authpass123", p.target().authPassword());
    }

    @Test
    void toStringHidesTheCommunityAndPasswords() {
        String v2 = PduParameters.parse(map("ipaddr", "p", "snmp_version", "2c", "community", "s3cr3t-c0mm")).toString();
        assertFalse(v2.contains("s3cr3t-c0mm"), v2);
        assertTrue(v2.contains("community=****"), v2);
        String v3 = PduParameters.parse(map("ipaddr", "p", "snmp_version", "3", "login", "u", "passwd", "authpass123",
                "snmp_priv_passwd", "privpass123")).toString();
        assertFalse(v3.contains("authpass123") || v3.contains("privpass123"), v3);
        assertTrue(v3.contains("SNMP v3 user 'u' (authPriv, MD5/DES)"), v3);
    }

    @Test
    void theMetadataFlagsEverySecret() {
        Set<String> secret = PduParameters.PARAMETERS.stream().filter(AgentParameter::secret)
                .map(AgentParameter::name).collect(Collectors.toSet());
        assertEquals(Set.of("community", "passwd", "snmp_priv_passwd"), secret);
        assertTrue(PduParameters.PARAMETERS.stream().anyMatch(a -> a.name().equals("ipaddr") && a.required()));
    }
}
