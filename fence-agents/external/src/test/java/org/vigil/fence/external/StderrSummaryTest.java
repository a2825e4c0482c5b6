package org.vigil.fence.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The stderr line put into failure messages, from what ClusterLabs agents really print; and the secret names. */
class StderrSummaryTest {

    @Test
    void fenceApcSnmpMultiLineErrorThenUsageHint() {
        String stderr = "2026-11-28 17:47:56,776 ERROR: Returned 2: Error in packet.\n"
                + "Reason: (noSuchName) There is no such variable name in this MIB.\n"
                + "Failed object: .1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.3\n\n\n\n"
                + "2026-11-28 17:47:56,777 ERROR: Please use '-h' for usage\n\n";
        assertEquals("Returned 2: Error in packet.; Reason: (noSuchName) There is no such variable name in this MIB.; "
                + "Failed object: .1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.3", StderrSummary.of(stderr));
    }

    @Test
    void fenceIpmilanWrongPassword() {
        String stderr = "/usr/sbin/fence_ipmilan:5: DeprecationWarning: 'pipes' is deprecated\n  from pipes import quote\n"
                + "WARNING:root:Parse error: Ignoring unknown option 'bogus=xyz'\n\n"
                + "ERROR:root:Failed: Unable to obtain correct plug status or plug is not available\n\n\n"
                + "2026-11-28 17:47:48,467 ERROR: Failed: Unable to obtain correct plug status or plug is not available\n\n\n";
        assertEquals("Failed: Unable to obtain correct plug status or plug is not available", StderrSummary.of(stderr));
    }

    @Test
    void plainLastLineWhenNoErrorLevel() {
        assertEquals("second", StderrSummary.of("first\nsecond\n\n"));
        assertEquals("", StderrSummary.of("\n \n"));
        assertTrue(StderrSummary.of("x".repeat(1000)).length() <= StderrSummary.MAX + 3);
    }

    @ParameterizedTest
    @CsvSource({"passwd,true", "password,true", "snmp_priv_passwd,true", "community,true", "hexadecimal_kg,true",
        "secret_key,true", "apikey,true", "token,true", "ilo_password,true", "passwd_script,false",
        "password_script,false", "snmp_priv_passwd_script,false", "token_file,false", "login,false", "ipaddr,false",
        "identity_file,false", "Password,true", "snmp-priv-passwd,true"})
    void secretNames(String name, boolean secret) {
        assertEquals(secret, SecretValues.isSecret(name), name);
    }

    @Test
    void scrubMasksLongestFirstAndUnquotedForms() {
        SecretValues s = SecretValues.of(Map.of("passwd", "\"abc123\"", "community", "abc", "login", "admin"));
        assertEquals("x **** y **** z ****", s.scrub("x \"abc123\" y abc123 z abc"));
        assertFalse(s.scrub("admin").contains("*"));
    }
}
