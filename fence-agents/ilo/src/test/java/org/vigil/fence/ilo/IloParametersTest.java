package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;

class IloParametersTest {

    private static final String FP = "SHA256:" + "0A:".repeat(31) + "FF";

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("ipaddr", "10.0.0.9");
        m.put("login", "admin");
        m.put("passwd", "hunter22");
        return m;
    }

    private static String problem(Map<String, String> m) {
        return assertThrows(IllegalArgumentException.class, () -> IloParameters.parse(m)).getMessage();
    }

    @Test
    void defaultsAreRedfishOn443WithTheJdkTrustStore() {
        IloParameters p = IloParameters.parse(minimal());
        assertEquals("10.0.0.9", p.target().host());
        assertEquals(443, p.target().port());
        assertEquals("admin", p.target().login());
        assertEquals(IloParameters.Protocol.REDFISH, p.protocol());
        assertEquals(IloParameters.RibclTransport.AUTO, p.ribclTransport());
        assertEquals(ServerTrust.Mode.TRUST_STORE, p.target().trust().mode());
        assertEquals("/redfish/v1", p.redfishUri());
        assertNull(p.systemsUri());
        assertEquals(IloParameters.Method.ONOFF, p.method());
        assertEquals(Duration.ZERO, p.powerWait());
        assertEquals(Duration.ofSeconds(20), p.timeout());
    }

    @Test
    void everyParameterIsRead() {
        Map<String, String> m = minimal();
        m.put("ipport", "8443");
        m.put("ilo_protocol", "RIBCL");
        m.put("ribcl_transport", "raw");
        m.put("ssl_fingerprint", FP);
        m.put("redfish_uri", "/redfish/v1/");
        m.put("systems_uri", "/redfish/v1/Systems/1/");
        m.put("method", "cycle");
        m.put("power_wait", "2.5");
        m.put("timeout", "30");
        m.put("ssl", "1");
        IloParameters p = IloParameters.parse(m);
        assertEquals(8443, p.target().port());
        assertEquals(IloParameters.Protocol.RIBCL, p.protocol());
        assertEquals(IloParameters.RibclTransport.RAW, p.ribclTransport());
        assertEquals(ServerTrust.Mode.PINNED, p.target().trust().mode());
        assertEquals("certificate pinned to " + FP, p.target().trust().toString());
        assertEquals("/redfish/v1", p.redfishUri());
        assertEquals("/redfish/v1/Systems/1", p.systemsUri());
        assertEquals(IloParameters.Method.CYCLE, p.method());
        assertEquals(Duration.ofMillis(2500), p.powerWait());
        assertEquals(Duration.ofSeconds(30), p.timeout());
    }

    @Test
    void pacemakerAliasesAreAccepted() {
        Map<String, String> m = new HashMap<>();
        m.put("ip", "[fe80::1]");
        m.put("username", "root");
        m.put("password", "pw123456");
        m.put("ssl-insecure", "1");
        IloParameters p = IloParameters.parse(m);
        assertEquals("fe80::1", p.target().host());
        assertEquals("[fe80::1]:443", p.target().where());
        assertEquals("root", p.target().login());
        assertEquals("pw123456", p.target().passwd());
        assertEquals(ServerTrust.Mode.INSECURE, p.target().trust().mode());
    }

    @Test
    void missingRequiredParametersAreAllNamed() {
        String m = problem(Map.of());
        assertEquals("invalid ilo device parameters: ipaddr is required; login is required; passwd is required", m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ipport|0|ipport must be 1-65535, not 0",
        "ipport|https|ipport must be a number, not 'https'",
        "ilo_protocol|ssh|ilo_protocol must be redfish or ribcl, not 'ssh'",
        "ribcl_transport|udp|ribcl_transport must be auto or raw or http, not 'udp'",
        "method|soft|method must be onoff or cycle, not 'soft'",
        "ssl|0|ssl=0 is not supported: an iLO is only reached over TLS",
        "ssl_insecure|maybe|ssl_insecure must be 1 or 0, not 'maybe'",
        "ssl_fingerprint|SHA256:AB:CD|ssl_fingerprint must be a SHA-256 fingerprint (SHA256: then 32 bytes in hex, "
                + "e.g. SHA256:AB:CD:...), not 'SHA256:AB:CD'",
        "systems_uri|https://other/redfish/v1/Systems/1|systems_uri must be a path on the iLO such as "
                + "/redfish/v1/Systems/1, not 'https://other/redfish/v1/Systems/1'",
        "redfish_uri|redfish/v1|redfish_uri must be a path on the iLO such as /redfish/v1/Systems/1, not 'redfish/v1'",
        "power_wait|-1|power_wait must be 0 or more seconds (at most 86400), not -1",
        "timeout|0|timeout must be more than 0 seconds (at most 86400), not 0",
        "timeout|soon|timeout must be a number of seconds, not 'soon'",
    })
    void badValuesAreNamedWithWhatIsWrong(String name, String value, String expected) {
        Map<String, String> m = minimal();
        m.put(name, value);
        assertEquals("invalid ilo device parameters: " + expected, problem(m));
    }

    @Test
    void insecureAndAFingerprintContradictEachOther() {
        Map<String, String> m = minimal();
        m.put("ssl_insecure", "1");
        m.put("ssl_fingerprint", FP);
        assertTrue(problem(m).contains("ssl_insecure=1 contradicts ssl_fingerprint (give one of them)"));
        m.remove("ssl_fingerprint");
        m.put("ssl_secure", "1");
        assertTrue(problem(m).contains("ssl_insecure=1 contradicts ssl_secure=1"));
    }

    @Test
    void theMessagesAndToStringNeverShowThePassword() {
        Map<String, String> m = minimal();
        m.put("passwd", "TopSecret!42");
        m.put("ipport", "x");
        assertFalse(problem(m).contains("TopSecret!42"));
        m.remove("ipport");
        String s = IloParameters.parse(m).toString();
        assertFalse(s.contains("TopSecret!42"), s);
        assertTrue(s.contains("passwd=****"), s);
    }

    @Test
    void theAgentRefusesBadParametersBeforeSendingAnything() {
        Map<String, String> m = minimal();
        m.put("ilo_protocol", "telnet");
        FenceResult r = new IloFenceAgent().execute(FenceAction.OFF, m, null, Duration.ofSeconds(5));
        assertFalse(r.success());
        assertEquals("invalid ilo device parameters: ilo_protocol must be redfish or ribcl, not 'telnet'", r.message());
    }

    @Test
    void theMetadataMarksThePasswordSecretAndListsTheActions() {
        IloFenceAgent agent = new IloFenceAgent();
        assertEquals("ilo", agent.metadata().type());
        for (AgentParameter a : agent.metadata().parameters()) {
            assertEquals(a.name().equals("passwd"), a.secret(), a.name());
        }
        assertEquals(java.util.EnumSet.of(FenceAction.ON, FenceAction.OFF, FenceAction.REBOOT, FenceAction.STATUS,
                FenceAction.MONITOR), agent.metadata().actions());
        assertTrue(agent.metadata().parameters().stream().anyMatch(a -> a.name().equals("ssl_fingerprint")));
    }

    @Test
    void aPasswordEchoedByTheDeviceIsMasked() {
        FenceResult r = IloFenceAgent.withoutSecret(FenceResult.failed("device said: bad password 'hunter22'"),
                "hunter22");
        assertEquals("device said: bad password '****'", r.message());
    }
}
