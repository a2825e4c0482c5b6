package org.vigil.fence.daemon;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.ParameterType;
import org.vigil.api.fence.PowerState;

/**
 * A fence agent written for the tests: a power switch with one plug per node, kept in memory.
 * It can be made to fail its first OFFs, to lie (say OFF succeeded while the plug stays ON),
 * to hang, or to behave like the manual agent.
 */
final class FakeAgent implements FenceAgent {

    enum Mode { HONEST, LYING, HANGING, MANUAL, FAILING }

    final String type;
    volatile Mode mode = Mode.HONEST;
    /** OFF fails this many times before it works (FAILING only counts down to HONEST). */
    final AtomicInteger failuresLeft = new AtomicInteger();
    final Map<String, PowerState> plugs = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    /** A message that carries the device password, to check the daemon scrubs it. */
    volatile boolean leakPassword;

    FakeAgent(String type) {
        this.type = type;
    }

    @Override
    public FenceAgentMetadata metadata() {
        Set<FenceAction> actions = mode == Mode.MANUAL ? EnumSet.of(FenceAction.OFF, FenceAction.REBOOT, FenceAction.ON)
            : EnumSet.allOf(FenceAction.class);
        return new FenceAgentMetadata(type, "test power switch", List.of(new AgentParameter("passwd",
            ParameterType.STRING, false, Optional.empty(), true, List.of(), "password")), actions);
    }

    PowerState power(String plug) {
        return plugs.getOrDefault(String.valueOf(plug), PowerState.ON);
    }

    int count(String call) {
        return (int) calls.stream().filter(call::equals).count();
    }

    @Override
    public FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout) {
        calls.add(action.name() + " " + plug);
        if (mode == Mode.HANGING && action != FenceAction.MONITOR) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FenceResult.failed("interrupted");
            }
        }
        if (mode == Mode.MANUAL) {
            return action == FenceAction.ON ? new FenceResult(true, PowerState.UNKNOWN, List.of(), "nothing to do")
                : FenceResult.failed("waiting for an operator");
        }
        switch (action) {
            case OFF:
                if (mode == Mode.FAILING && failuresLeft.getAndDecrement() > 0) {
                    return FenceResult.failed(leakPassword ? "login refused for password " + parameters.get("passwd")
                        : "device unreachable");
                }
                if (mode != Mode.LYING) {
                    plugs.put(String.valueOf(plug), PowerState.OFF);
                }
                return new FenceResult(true, PowerState.OFF, List.of(), "power off done");
            case ON:
                plugs.put(String.valueOf(plug), PowerState.ON);
                return new FenceResult(true, PowerState.ON, List.of(), "power on done");
            case STATUS:
                return new FenceResult(true, power(plug), List.of(), "power is " + power(plug));
            case MONITOR:
                return new FenceResult(true, PowerState.UNKNOWN, List.of(), "device answers");
            case LIST:
                return new FenceResult(true, PowerState.UNKNOWN, List.copyOf(plugs.keySet()), "plugs");
            default:
                return FenceResult.failed("unsupported");
        }
    }
}
