package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.ParameterType;
import org.vigil.api.fence.PowerState;

class IpmiFenceAgentTest {

    private static Map<String, String> params() {
        Map<String, String> m = new HashMap<>();
        m.put("ipaddr", "127.0.0.1");
        m.put("login", "admin");
        m.put("passwd", "s3cr3t-pw");
        return m;
    }

    @Test
    void metadataDescribesTheParametersLikeFenceIpmilan() {
        IpmiFenceAgent agent = new IpmiFenceAgent();
        assertEquals("ipmi", agent.metadata().type());
        Map<String, AgentParameter> ps = agent.metadata().parameters().stream()
                .collect(Collectors.toMap(AgentParameter::name, p -> p));
        assertEquals(List.of("ipaddr", "ipport", "login", "passwd", "privlvl", "cipher", "method", "power_wait",
                "timeout", "request_timeout", "lanplus"),
                agent.metadata().parameters().stream().map(AgentParameter::name).collect(Collectors.toList()));
        assertTrue(ps.get("ipaddr").required());
        assertTrue(ps.get("login").required());
        assertTrue(ps.get("passwd").required());
        assertTrue(ps.get("passwd").secret());
        assertEquals(1, ps.values().stream().filter(AgentParameter::secret).count(), "only passwd is secret");
        assertEquals("623", ps.get("ipport").defaultValue().orElseThrow());
        assertEquals(ParameterType.SELECT, ps.get("privlvl").type());
        assertEquals(List.of("administrator", "operator", "user"), ps.get("privlvl").choices());
        assertEquals(List.of("3"), ps.get("cipher").choices());
        assertEquals(List.of("onoff", "cycle"), ps.get("method").choices());
        assertEquals("onoff", ps.get("method").defaultValue().orElseThrow());
        assertFalse(agent.metadata().actions().contains(FenceAction.LIST));
        assertTrue(agent.metadata().actions().containsAll(List.of(FenceAction.ON, FenceAction.OFF,
                FenceAction.REBOOT, FenceAction.STATUS, FenceAction.MONITOR)));
    }

    @Test
    void listIsAClearFailure() {
        FenceResult r = new IpmiFenceAgent(failIfUsed()).execute(FenceAction.LIST, params(), null,
                Duration.ofSeconds(5));
        assertFalse(r.success());
        assertTrue(r.message().startsWith("LIST is not supported by the ipmi agent"), r.message());
    }

    @Test
    void badParametersFailWithoutTouchingTheBmc() {
        Map<String, String> m = params();
        m.remove("ipaddr");
        FenceResult r = new IpmiFenceAgent(failIfUsed()).execute(FenceAction.OFF, m, null, Duration.ofSeconds(5));
        assertFalse(r.success());
        assertEquals("invalid ipmi device parameters: ipaddr is required", r.message());
    }

    @Test
    void offOnALyingBmcFailsAndTheSessionIsClosed() {
        FakeBmc bmc = new FakeBmc(PowerState.ON);
        bmc.lying = true;
        FenceResult r = new IpmiFenceAgent((t, d) -> bmc).execute(FenceAction.OFF, params(), "ignored-plug",
                Duration.ofMillis(500));
        assertFalse(r.success());
        assertEquals(PowerState.ON, r.power());
        assertTrue(r.message().startsWith("BMC reported the command done but the power is still ON"), r.message());
        assertTrue(bmc.closed);
    }

    @Test
    void theSmallerOfTheCallersTimeoutAndTheTimeoutParameterApplies() {
        AtomicReference<Duration> seen = new AtomicReference<>();
        IpmiFenceAgent agent = new IpmiFenceAgent((t, d) -> {
            seen.set(d.total());
            return new FakeBmc(PowerState.ON);
        });
        Map<String, String> m = params();
        m.put("timeout", "3");
        agent.execute(FenceAction.STATUS, m, null, Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(3), seen.get());
        agent.execute(FenceAction.STATUS, m, null, Duration.ofMillis(1500));
        assertEquals(Duration.ofMillis(1500), seen.get());
        agent.execute(FenceAction.STATUS, m, null, null);
        assertEquals(Duration.ofSeconds(3), seen.get());
    }

    @Test
    void errorsFromTheBmcBecomeFailuresWithTheirMessage() {
        IpmiFenceAgent agent = new IpmiFenceAgent((t, d) -> new FakeBmc(PowerState.ON) {
            @Override
            public PowerState status() throws IpmiException {
                throw new IpmiException.AuthenticationFailed("authentication failed (RAKP 2: test)");
            }
        });
        FenceResult r = agent.execute(FenceAction.STATUS, params(), null, Duration.ofSeconds(1));
        assertFalse(r.success());
        assertEquals(PowerState.UNKNOWN, r.power());
        assertEquals("authentication failed (RAKP 2: test)", r.message());
    }

    @Test
    void unexpectedErrorsAreFailuresNotExceptions() {
        IpmiFenceAgent agent = new IpmiFenceAgent((t, d) -> {
            throw new IllegalStateException("boom");
        });
        FenceResult r = agent.execute(FenceAction.STATUS, params(), null, Duration.ofSeconds(1));
        assertFalse(r.success());
        assertTrue(r.message().startsWith("internal error in the ipmi agent"), r.message());
    }

    private static IpmiFenceAgent.BmcFactory failIfUsed() {
        return (t, d) -> {
            throw new AssertionError("the BMC must not be contacted");
        };
    }
}
