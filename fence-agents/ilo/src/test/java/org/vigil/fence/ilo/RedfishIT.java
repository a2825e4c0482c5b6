package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;

/** The agent with ilo_protocol=redfish (the default) against an iLO 5-like Redfish service over HTTPS. */
class RedfishIT extends AbstractIloIT {

    private RedfishServer ilo;

    @Override
    void startIlo() throws Exception {
        ilo = new RedfishServer(certificate, host);
    }

    @Override
    void stopIlo() {
        ilo.close();
    }

    @Override
    int port() {
        return ilo.port();
    }

    @Override
    Map<String, String> protocolParameters() {
        return Map.of(); // redfish is the default
    }

    @Override
    String user() {
        return RedfishServer.USER;
    }

    @Override
    String password() {
        return RedfishServer.PASSWORD;
    }

    @Override
    void hang() {
        ilo.behave(RedfishServer.Behaviour.HANG);
    }

    @Override
    void garbage() {
        ilo.behave(RedfishServer.Behaviour.GARBAGE);
    }

    @Override
    String garbageFailure() {
        return "the answer to GET /redfish/v1 from 127.0.0.1:" + port() + " is not JSON (HTTP 200, starts with "
                + "'<html><body>iLO is starting";
    }

    @Test
    void theCommandsAreTheRedfishResetTypes() {
        assertTrue(run(FenceAction.OFF).success());
        assertTrue(run(FenceAction.ON).success());
        assertEquals(List.of("off", "on"), host.events());
    }

    @Test
    void aGivenSystemsUriIsUsedAndAWrongOneIsNamed() {
        Map<String, String> p = params();
        p.put("systems_uri", RedfishServer.SYSTEM);
        FenceResult ok = run(FenceAction.STATUS, p);
        assertTrue(ok.success(), ok.message());
        p.put("systems_uri", "/redfish/v1/Systems/9");
        FenceResult r = run(FenceAction.OFF, p);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().startsWith("GET /redfish/v1/Systems/9 at 127.0.0.1:" + port()
                + ": not found (HTTP 404); check systems_uri"), r.message());
        assertTrue(host.isOn());
    }

    @Test
    void theWrongPasswordFailureQuotesTheRedfishError() {
        Map<String, String> p = params();
        p.put("passwd", WRONG_PASSWORD);
        FenceResult r = run(FenceAction.STATUS, p);
        assertTrue(r.message().contains("(HTTP 401 on GET /redfish/v1)"), r.message());
        assertTrue(r.message().contains("the iLO says: See @Message.ExtendedInfo for more information. / There is "
                + "no valid session"), r.message());
    }
}
