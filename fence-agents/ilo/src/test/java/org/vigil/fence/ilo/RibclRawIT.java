package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;

/**
 * The agent with ilo_protocol=ribcl, ribcl_transport=raw against an iLO 2-like RIBCL service (raw XML over
 * TLS; POST /ribcl answered 404); plus auto-detection and an old firmware without power buttons.
 */
class RibclRawIT extends AbstractIloIT {

    RibclServer ilo;

    @Override
    void startIlo() throws Exception {
        ilo = new RibclServer(certificate, host, "2.22", false);
    }

    @Override
    void stopIlo() throws Exception {
        ilo.close();
    }

    @Override
    int port() {
        return ilo.port();
    }

    @Override
    Map<String, String> protocolParameters() {
        return Map.of("ilo_protocol", "ribcl", "ribcl_transport", "raw");
    }

    @Override
    String user() {
        return RibclServer.USER;
    }

    @Override
    String password() {
        return RibclServer.PASSWORD;
    }

    @Override
    void hang() {
        ilo.behave(RibclServer.Behaviour.HANG);
    }

    @Override
    void garbage() {
        ilo.behave(RibclServer.Behaviour.GARBAGE);
    }

    @Override
    String garbageFailure() {
        return "the iLO at 127.0.0.1:" + port() + " answered malformed RIBCL XML";
    }

    @Test
    void autoFallsBackToRawWhenTheIloAnswers404() {
        Map<String, String> p = params();
        p.put("ribcl_transport", "auto");
        FenceResult r = run(FenceAction.OFF, p);
        assertTrue(r.success(), r.message());
        // one 404 per action, then everything raw
        assertEquals("http-404", ilo.transports().get(0));
        assertTrue(ilo.transports().subList(1, ilo.transports().size()).stream().allMatch("raw"::equals),
                ilo.transports().toString());
    }

    @Test
    void httpOnlyIsAClearFailureOnAnIloTwo() {
        Map<String, String> p = params();
        p.put("ribcl_transport", "http");
        FenceResult r = run(FenceAction.STATUS, p);
        assertFalse(r.success(), r.message());
        assertTrue(r.message().contains("does not take RIBCL over HTTP (the iLO answered HTTP 404 to POST /ribcl)"),
                r.message());
    }

    @Test
    void oldFirmwareIsDrivenWithSetHostPower() throws Exception {
        ilo.close();
        ilo = new RibclServer(certificate, host, "2.0", false);
        assertTrue(run(FenceAction.OFF).success());
        FenceResult on = run(FenceAction.ON);
        assertTrue(on.success(), on.message());
        assertTrue(on.message().contains("after SET_HOST_POWER Yes"), on.message());
        assertEquals(List.of("ribcl SET_HOST_POWER No", "off", "ribcl SET_HOST_POWER Yes", "on"), host.events());
    }
}
