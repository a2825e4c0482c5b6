package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * The default check with a certificate that a trusted authority signed: the JDK trust store
 * (here the test CA's, through {@code javax.net.ssl.trustStore}) accepts it when the iLO is named
 * as the certificate says ({@code localhost}), and refuses it at an address the certificate is not
 * for ({@code 127.0.0.1}), for Redfish (HttpClient) and RIBCL (own TLS socket) alike.
 */
class TrustStoreIT {

    private static final String[] PROPERTIES = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
        "javax.net.ssl.trustStoreType"};
    private static final Map<String, String> SAVED = new HashMap<>();

    static TestCertificate certificate;

    @BeforeAll
    static void trustTheTestCa() throws Exception {
        certificate = TestCertificate.signedByTestCa("DNS:localhost");
        for (String p : PROPERTIES) {
            SAVED.put(p, System.getProperty(p));
        }
        System.setProperty("javax.net.ssl.trustStore", certificate.caTrustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", TestCertificate.trustStorePassword());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @AfterAll
    static void restore() throws Exception {
        for (String p : PROPERTIES) {
            if (SAVED.get(p) == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, SAVED.get(p));
            }
        }
        if (certificate != null) {
            certificate.close();
        }
    }

    private static Map<String, String> params(String host, int port, String login, String passwd) {
        Map<String, String> p = new HashMap<>();
        p.put("ipaddr", host);
        p.put("ipport", Integer.toString(port));
        p.put("login", login);
        p.put("passwd", passwd);
        p.put("timeout", "10");
        return p;
    }

    private static FenceResult status(Map<String, String> p) {
        return new IloFenceAgent().execute(FenceAction.STATUS, p, null, Duration.ofSeconds(20));
    }

    @Test
    void redfishTrustsTheCaSignedCertificateByNameOnly() throws Exception {
        try (SimulatedServer host = SimulatedServer.poweredOn(); RedfishServer ilo = new RedfishServer(certificate, host)) {
            FenceResult ok = status(params("localhost", ilo.port(), RedfishServer.USER, RedfishServer.PASSWORD));
            assertTrue(ok.success(), ok.message());
            assertEquals(PowerState.ON, ok.power());
            FenceResult wrongName = status(params("127.0.0.1", ilo.port(), RedfishServer.USER, RedfishServer.PASSWORD));
            assertFalse(wrongName.success(), wrongName.message());
            assertTrue(wrongName.message().contains("is not trusted (it is not issued for this address"),
                    wrongName.message());
            assertTrue(wrongName.message().contains("ssl_fingerprint=" + certificate.fingerprint()),
                    wrongName.message());
        }
    }

    @Test
    void ribclTrustsTheCaSignedCertificateByNameOnly() throws Exception {
        try (SimulatedServer host = SimulatedServer.poweredOn();
             RibclServer ilo = new RibclServer(certificate, host, "2.22", false)) {
            Map<String, String> p = params("localhost", ilo.port(), RibclServer.USER, RibclServer.PASSWORD);
            p.put("ilo_protocol", "ribcl");
            p.put("ribcl_transport", "raw");
            FenceResult ok = status(p);
            assertTrue(ok.success(), ok.message());
            p.put("ipaddr", "127.0.0.1");
            FenceResult wrongName = status(p);
            assertFalse(wrongName.success(), wrongName.message());
            assertTrue(wrongName.message().contains("is not trusted (it is not issued for this address"),
                    wrongName.message());
        }
    }
}
