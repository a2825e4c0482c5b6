package org.vigil.fence.ipmi;

import java.time.Duration;
import java.util.List;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * The fence actions as sequences of status reads and chassis commands, with the safety rule:
 * a power change counts only when a status read <em>after</em> the command shows the wanted
 * state. A BMC that accepts "power down" while its status still reads ON makes OFF fail.
 */
final class PowerActions {

    /** How a reboot is done (fence_ipmilan's {@code method}). */
    enum Method {
        /** Power down, confirm OFF, power up (the safe default). */
        ONOFF,
        /** One Chassis Control "power cycle"; OFF must still be seen by polling. */
        CYCLE
    }

    /** Pause between status reads while waiting for a power change. */
    static final long POLL_MILLIS = 100;
    /** Pause between status reads while watching a power cycle for its OFF phase. */
    static final long CYCLE_POLL_MILLIS = 40;
    /** No new status read is started with less time than this left before the deadline. */
    static final long READ_RESERVE_MILLIS = 50;

    private final Bmc bmc;
    private final Deadline deadline;
    private final long powerWaitMillis;

    /**
     * @param bmc       the BMC
     * @param deadline  when the whole action must be over
     * @param powerWait how long to wait after a power command before reading the status
     */
    PowerActions(Bmc bmc, Deadline deadline, Duration powerWait) {
        this.bmc = bmc;
        this.deadline = deadline;
        this.powerWaitMillis = powerWait.toMillis();
    }

    /** STATUS: the power state. */
    FenceResult status() throws IpmiException {
        PowerState p = bmc.status();
        return ok(p, "power is " + p);
    }

    /** MONITOR: a session can be set up and the status read. */
    FenceResult monitor() throws IpmiException {
        PowerState p = bmc.status();
        return ok(p, "BMC answers (session and status read work); power is " + p);
    }

    /** ON: power up, confirmed by a status read. */
    FenceResult on() throws IpmiException {
        return change(PowerState.ON, ChassisControl.POWER_UP);
    }

    /** OFF: power down, confirmed by a status read. */
    FenceResult off() throws IpmiException {
        return change(PowerState.OFF, ChassisControl.POWER_DOWN);
    }

    /**
     * REBOOT. It succeeds once OFF is confirmed (the node is fenced); a power-on that does not
     * follow is reported in the message, as ClusterLabs agents do.
     *
     * @param method onoff or cycle
     * @return the result
     * @throws IpmiException when the BMC cannot be reached or refuses
     */
    FenceResult reboot(Method method) throws IpmiException {
        return method == Method.CYCLE ? cycle() : onOff();
    }

    private FenceResult onOff() throws IpmiException {
        FenceResult off = off();
        if (!off.success()) {
            return new FenceResult(false, off.power(), List.of(), "reboot: power off not confirmed: " + off.message());
        }
        try {
            FenceResult on = on();
            if (on.success()) {
                return ok(PowerState.ON, "reboot: power OFF confirmed, then ON again (" + on.message() + ")");
            }
            return ok(on.power(), "reboot: power OFF confirmed (fenced); power ON did not follow: " + on.message());
        } catch (IpmiException e) {
            return ok(PowerState.UNKNOWN, "reboot: power OFF confirmed (fenced); power ON failed: " + e.getMessage());
        }
    }

    private FenceResult cycle() throws IpmiException {
        long start = System.nanoTime();
        if (bmc.status() == PowerState.OFF) {
            bmc.control(ChassisControl.POWER_UP);
            FenceResult on = await(PowerState.ON, "power up", start, POLL_MILLIS);
            return ok(on.power(), "reboot (cycle): power was already OFF (fenced); "
                    + (on.success() ? "powered ON again" : "power ON did not follow: " + on.message()));
        }
        bmc.control(ChassisControl.POWER_CYCLE);
        boolean offSeen = false;
        PowerState last = null;
        while (true) {
            PowerState p = readAfter(ChassisControl.POWER_CYCLE, PowerState.OFF, last);
            if (p == null) {
                break; // the deadline came during a read; the earlier reads said ON
            }
            last = p;
            if (p == PowerState.OFF) {
                offSeen = true;
                break;
            }
            if (deadline.remainingMillis() <= CYCLE_POLL_MILLIS + READ_RESERVE_MILLIS) {
                break;
            }
            deadline.sleep(CYCLE_POLL_MILLIS);
        }
        if (!offSeen) {
            return new FenceResult(false, PowerState.ON, List.of(), "BMC reported the command done but the power is "
                    + "still ON: the power cycle was never seen OFF within " + since(start)
                    + " (method=onoff confirms the off)");
        }
        String offAt = since(start);
        deadline.sleep(powerWaitMillis);
        PowerState p = PowerState.OFF;
        while (!deadline.expired()) {
            try {
                p = bmc.status();
            } catch (IpmiException e) {
                if (deadline.expired() && e instanceof IpmiException.NoAnswer) {
                    break;
                }
                return ok(PowerState.OFF, "reboot (cycle): power OFF confirmed after " + offAt
                        + " (fenced); the power state could not be read afterwards: " + e.getMessage());
            }
            if (p == PowerState.ON || deadline.remainingMillis() <= POLL_MILLIS + READ_RESERVE_MILLIS) {
                break;
            }
            deadline.sleep(POLL_MILLIS);
        }
        return ok(p, "reboot (cycle): power OFF confirmed after " + offAt + " (fenced), "
                + (p == PowerState.ON ? "ON again after " + since(start) : "not ON again within " + since(start)));
    }

    private FenceResult change(PowerState wanted, ChassisControl command) throws IpmiException {
        long start = System.nanoTime();
        if (bmc.status() == wanted) {
            return ok(wanted, "power is already " + wanted);
        }
        bmc.control(command);
        deadline.sleep(powerWaitMillis);
        return await(wanted, command.text(), start, POLL_MILLIS);
    }

    /** Reads the status until it is the wanted one or the deadline is near. */
    private FenceResult await(PowerState wanted, String command, long start, long pollMillis) throws IpmiException {
        ChassisControl c = wanted == PowerState.OFF ? ChassisControl.POWER_DOWN : ChassisControl.POWER_UP;
        PowerState last = null;
        while (true) {
            PowerState p = readAfter(c, wanted, last);
            if (p == null) {
                break; // the deadline came during a read; report the last one
            }
            last = p;
            if (p == wanted) {
                return ok(p, "power is " + p + " (confirmed " + since(start) + " after " + command + ")");
            }
            if (deadline.remainingMillis() <= pollMillis + READ_RESERVE_MILLIS) {
                break;
            }
            deadline.sleep(pollMillis);
        }
        return new FenceResult(false, last, List.of(), "BMC reported the command done but the power is still "
                + last + " (" + command + " accepted; status read for " + since(start) + ")");
    }

    /**
     * Reads the status after a command.
     *
     * @param last the previous read after the command, or null
     * @return the state, or null when the deadline came during this read and an earlier read exists
     * @throws IpmiException when the state cannot be read and none was read before
     */
    private PowerState readAfter(ChassisControl command, PowerState wanted, PowerState last) throws IpmiException {
        try {
            return bmc.status();
        } catch (IpmiException e) {
            if (last != null && deadline.expired() && e instanceof IpmiException.NoAnswer) {
                return null;
            }
            throw new IpmiException("BMC accepted " + command.text() + " but the power could not be confirmed "
                    + wanted + ": " + e.getMessage(), e);
        }
    }

    private static FenceResult ok(PowerState p, String message) {
        return new FenceResult(true, p, List.of(), message);
    }

    private static String since(long startNanos) {
        return Deadline.seconds(Duration.ofMillis((System.nanoTime() - startNanos) / 1_000_000L));
    }
}
