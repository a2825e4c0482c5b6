package org.vigil.fence.ipmi;

import java.util.ArrayList;
import java.util.List;
import org.vigil.api.fence.PowerState;

/**
 * A {@link Bmc} in memory: honest by default (a command changes the power after a number of
 * status reads), or lying (accepts commands, never changes the power).
 */
class FakeBmc implements Bmc {
    final List<String> calls = new ArrayList<>();
    PowerState power;
    boolean lying;
    /** Status reads after a command before the power changes. */
    int lag;
    /** For a power cycle: how many reads show OFF before it is ON again. */
    int cycleOffReads = 2;
    /** Fail status reads after this many calls (negative: never). */
    int failStatusAfter = -1;
    int statusCalls;
    boolean closed;

    private PowerState pending;
    private int pendingIn;
    private int cycleOffLeft = -1;

    FakeBmc(PowerState power) {
        this.power = power;
    }

    @Override
    public PowerState status() throws IpmiException {
        statusCalls++;
        calls.add("status");
        if (failStatusAfter >= 0 && statusCalls > failStatusAfter) {
            throw new IpmiException.NoAnswer("no answer from BMC at fake:623 within 1 s (last request: Get Chassis Status)");
        }
        if (pending != null) {
            if (pendingIn-- <= 0) {
                power = pending;
                pending = null;
                if (cycleOffLeft >= 0 && power == PowerState.OFF) {
                    pending = PowerState.ON;
                    pendingIn = cycleOffLeft;
                    cycleOffLeft = -1;
                }
            }
        }
        return power;
    }

    @Override
    public void control(ChassisControl control) {
        calls.add(control.name());
        if (lying) {
            return;
        }
        switch (control) {
            case POWER_DOWN:
                pending = PowerState.OFF;
                break;
            case POWER_UP:
                pending = PowerState.ON;
                break;
            case POWER_CYCLE:
                pending = PowerState.OFF;
                cycleOffLeft = cycleOffReads - 1;
                break;
            default:
                return;
        }
        pendingIn = lag;
    }

    @Override
    public void close() {
        closed = true;
    }
}
