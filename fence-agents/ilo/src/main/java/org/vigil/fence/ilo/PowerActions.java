package org.vigil.fence.ilo;

import java.time.Duration;
import java.util.List;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * The fence actions as sequences of power reads and commands, with the safety rule: a power
 * change counts only when a read <em>after</em> the command shows the wanted state. An iLO that
 * accepts a power off while its power still reads ON makes OFF fail
 * ({@code power off not confirmed: status still ON after 20 s}).
 */
final class PowerActions {

    /** Pause between reads while waiting for a power change. */
    static final long POLL_MILLIS = 200;
    /** Pause between reads while watching a reset for its OFF phase. */
    static final long CYCLE_POLL_MILLIS = 40;
    /** No new read is started with less time than this left: it would only time out. */
    static final long READ_RESERVE_MILLIS = 150;

    private final PowerControl power;
    private final Deadline deadline;
    private final long powerWaitMillis;

    /**
     * @param power     the server's power
     * @param deadline  when the whole action must be over
     * @param powerWait how long to wait after a power command before reading the state
     */
    PowerActions(PowerControl power, Deadline deadline, Duration powerWait) {
        this.power = power;
        this.deadline = deadline;
        this.powerWaitMillis = powerWait.toMillis();
    }

    /** STATUS: the power state. */
    FenceResult status() throws IloException {
        PowerState p = power.status();
        return ok(p, "power is " + p);
    }

    /** MONITOR: the login works and the power state can be read. */
    FenceResult monitor() throws IloException {
        PowerState p = power.status();
        return ok(p, "iLO answers (login and power read work); power is " + p);
    }

    /** OFF: power off, confirmed by a read. */
    FenceResult off() throws IloException {
        return change(PowerState.OFF);
    }

    /** ON: power on, confirmed by a read. */
    FenceResult on() throws IloException {
        return change(PowerState.ON);
    }

    /**
     * REBOOT. It succeeds once OFF is confirmed (the node is fenced); a power-on that does not
     * follow is reported in the message, as ClusterLabs agents do.
     *
     * @param method onoff or cycle
     * @return the result
     * @throws IloException when the iLO cannot be reached or refuses before OFF is confirmed
     */
    FenceResult reboot(IloParameters.Method method) throws IloException {
        return method == IloParameters.Method.CYCLE ? cycle() : onOff();
    }

    private FenceResult onOff() throws IloException {
        FenceResult off = off();
        if (!off.success()) {
            return new FenceResult(false, off.power(), List.of(), "reboot: " + off.message());
        }
        try {
            FenceResult on = on();
            if (on.success()) {
                return ok(PowerState.ON, "reboot: power OFF confirmed, then ON again (" + on.message() + ")");
            }
            return ok(on.power(), "reboot: power OFF confirmed (fenced); power ON did not follow: " + on.message());
        } catch (IloException e) {
            return ok(PowerState.UNKNOWN, "reboot: power OFF confirmed (fenced); power ON failed: " + e.getMessage());
        }
    }

    private FenceResult cycle() throws IloException {
        long start = System.nanoTime();
        if (power.status() == PowerState.OFF) {
            power.powerOn();
            FenceResult on = await(PowerState.ON, power.onCommand(), start, POLL_MILLIS);
            return ok(on.power(), "reboot (cycle): power was already OFF (fenced); "
                    + (on.success() ? "powered ON again" : "power ON did not follow: " + on.message()));
        }
        power.powerCycle();
        FenceResult off = await(PowerState.OFF, power.cycleCommand(), start, CYCLE_POLL_MILLIS);
        if (!off.success()) {
            return new FenceResult(false, off.power(), List.of(), "reboot (cycle): " + off.message()
                    + "; the reset was never seen OFF (method=onoff confirms the off)");
        }
        String offAt = Deadline.since(start);
        FenceResult on = await(PowerState.ON, power.cycleCommand(), start, POLL_MILLIS);
        return ok(on.success() ? PowerState.ON : on.power(), "reboot (cycle): power OFF confirmed after " + offAt
                + " (fenced), " + (on.success() ? "ON again after " + Deadline.since(start)
                : "ON did not follow: " + on.message()));
    }

    private FenceResult change(PowerState wanted) throws IloException {
        long start = System.nanoTime();
        if (power.status() == wanted) {
            return ok(wanted, "power is already " + wanted);
        }
        String command;
        if (wanted == PowerState.OFF) {
            power.powerOff();
            command = power.offCommand();
        } else {
            power.powerOn();
            command = power.onCommand();
        }
        deadline.sleep(powerWaitMillis);
        return await(wanted, command, start, POLL_MILLIS);
    }

    /**
     * Reads the state until it is the wanted one or the deadline comes. A read that fails after
     * the command is tried again while time is left; the last failure is reported.
     */
    private FenceResult await(PowerState wanted, String command, long start, long pollMillis) throws IloException {
        PowerState last = null;
        IloException lastError = null;
        while (true) {
            try {
                last = power.status();
                lastError = null;
                if (last == wanted) {
                    return ok(last, "power is " + last + " (confirmed " + Deadline.since(start) + " after " + command
                            + ")");
                }
            } catch (IloException e) {
                lastError = e;
            }
            if (deadline.remainingMillis() <= pollMillis + READ_RESERVE_MILLIS) {
                break;
            }
            deadline.sleep(pollMillis);
        }
        String what = "power " + wanted.name().toLowerCase(java.util.Locale.ROOT) + " not confirmed: ";
        if (last == null) {
            return new FenceResult(false, PowerState.UNKNOWN, List.of(), what + command + " was accepted but the "
                    + "power could not be read afterwards: " + lastError.getMessage());
        }
        return new FenceResult(false, last, List.of(), what + "status still " + last + " after "
                + Deadline.since(start) + " (" + command + " was accepted"
                + (lastError == null ? "" : "; last read failed: " + lastError.getMessage()) + ")");
    }

    private static FenceResult ok(PowerState p, String message) {
        return new FenceResult(true, p, List.of(), message);
    }
}
