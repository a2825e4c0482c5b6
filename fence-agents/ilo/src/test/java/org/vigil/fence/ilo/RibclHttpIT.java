package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceAction;

/** The agent with ilo_protocol=ribcl against an iLO 3/4-like RIBCL service (POST /ribcl, RIBCL 2.22). */
class RibclHttpIT extends AbstractIloIT {

    RibclServer ilo;

    @Override
    void startIlo() throws Exception {
        ilo = new RibclServer(certificate, host, "2.22", true);
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
        return Map.of("ilo_protocol", "ribcl");
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
    void autoUsesHttpAndThePowerButtonsOfRibcl222() {
        assertTrue(run(FenceAction.OFF).success());
        assertTrue(run(FenceAction.ON).success());
        assertEquals(List.of("ribcl HOLD_PWR_BTN", "off", "ribcl PRESS_PWR_BTN", "on"), host.events());
        assertTrue(ilo.transports().stream().allMatch("http"::equals), ilo.transports().toString());
    }
}
