package org.vigil.fence.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * One fencing round for one node: its levels in order until one succeeds. In a level, every
 * device must be powered off and the off confirmed (a STATUS read after it says OFF, unless the
 * agent has no STATUS); then the devices whose action is REBOOT are powered on again (a failed
 * ON after a confirmed OFF still fences, with a warning). A level with a missing agent, a
 * manual device or a failed or unconfirmed off fails, and the next level is tried.
 *
 * <p>The decisions depend only on what {@link Calls} returns, so the walk is table-tested with
 * scripted agent results.
 */
final class FenceRound {

    /** What the walk needs from the daemon: run an agent action, wait, and log. */
    interface Calls {
        /**
         * Runs one action with the device's agent (within the device's timeout).
         *
         * @return the result; never null, failures as results
         */
        FenceResult call(DeviceStep step, FenceAction action);

        /** @return the actions the device's agent supports (its metadata) */
        Set<FenceAction> actions(DeviceStep step);

        /**
         * Waits (a device's delay).
         *
         * @return false when fencing was called off meanwhile
         */
        boolean pause(Duration duration, String why);

        /** @return false when the round must stop (quorum lost, node rejoined, acknowledged) */
        boolean stillWanted();

        /** Logs a line (INFO, or WARN when {@code warn}). */
        void note(boolean warn, String line);
    }

    /**
     * The end of a round.
     *
     * @param success       the node is fenced
     * @param aborted       the round stopped because fencing was called off
     * @param action        OFF or REBOOT, as done by the successful level (or asked)
     * @param device        the devices that fenced it, or the last tried
     * @param level         the successful level's number, or the last tried (0: none)
     * @param message       what happened, for people and the history
     * @param needsOperator a level failed only because it is manual (an operator must ack)
     * @param warnings      things that went wrong without undoing the fencing
     */
    record Result(boolean success, boolean aborted, FenceAction action, String device, int level, String message,
                  boolean needsOperator, List<String> warnings) {
        Result {
            warnings = List.copyOf(warnings);
        }
    }

    private FenceRound() {
    }

    /**
     * @param node       the node being fenced
     * @param levels     its levels, in order
     * @param firstRound whether the devices' delays are waited (only before the first attempt)
     * @param calls      the agents
     * @return how the round ended
     */
    static Result run(String node, List<Level> levels, boolean firstRound, Calls calls) {
        if (levels.isEmpty()) {
            return new Result(false, false, FenceAction.OFF, "", 0, node + " has no fence methods configured: it can"
                + " only be acknowledged by an operator (fence:ack " + node + ")", true, List.of());
        }
        List<String> failures = new ArrayList<>();
        boolean allManual = true;
        String lastDevice = "";
        int lastLevel = 0;
        for (Level level : levels) {
            if (!calls.stillWanted()) {
                return aborted(levels.get(0), level.number());
            }
            lastLevel = level.number();
            lastDevice = level.deviceLabels();
            LevelResult r = level(node, level, firstRound, calls);
            if (r.aborted) {
                return aborted(level, level.number());
            }
            if (r.success) {
                return new Result(true, false, r.action, level.deviceLabels(), level.number(), r.message, false,
                    r.warnings);
            }
            allManual &= r.manual;
            failures.add(level.label() + ": " + r.message);
            calls.note(true, "Fencing " + node + ": " + level.label() + " failed: " + r.message);
        }
        return new Result(false, false, levels.get(0).devices().isEmpty() ? FenceAction.OFF
            : levels.get(0).devices().get(0).action(), lastDevice, lastLevel, String.join("; ", failures), allManual,
            List.of());
    }

    private static Result aborted(Level first, int level) {
        return new Result(false, true, FenceAction.OFF, first.deviceLabels(), level, "fencing called off", false,
            List.of());
    }

    private record LevelResult(boolean success, boolean aborted, boolean manual, FenceAction action, String message,
                               List<String> warnings) {
        static LevelResult failed(String message, boolean manual) {
            return new LevelResult(false, false, manual, FenceAction.OFF, message, List.of());
        }
    }

    private static LevelResult level(String node, Level level, boolean firstRound, Calls calls) {
        if (level.devices().isEmpty()) {
            return LevelResult.failed("the method has no devices", false);
        }
        for (DeviceStep d : level.devices()) {
            if (d.problem() != null) {
                return LevelResult.failed(d.label() + ": " + d.problem(), false);
            }
            if (!d.route().installed()) {
                return LevelResult.failed(d.label() + ": agent missing: " + d.route().note(), false);
            }
        }
        List<String> confirmations = new ArrayList<>();
        for (DeviceStep d : level.devices()) {
            if (firstRound && !d.delay().isZero()) {
                calls.note(false, "Fencing " + node + ": waiting the delay of " + d.label() + " ("
                    + seconds(d.delay()) + ") before the first attempt");
                if (!calls.pause(d.delay(), "delay of " + d.label())) {
                    return new LevelResult(false, true, false, FenceAction.OFF, "called off", List.of());
                }
            }
            if (!calls.stillWanted()) {
                return new LevelResult(false, true, false, FenceAction.OFF, "called off", List.of());
            }
            calls.note(false, "Fencing " + node + ": " + level.label() + " device " + d.label() + " ("
                + d.route().type() + "): off");
            FenceResult off = calls.call(d, FenceAction.OFF);
            if (!off.success()) {
                if (d.manual()) {
                    return LevelResult.failed(d.label() + ": waiting for an operator: run fence:ack " + node
                        + " after making sure " + node + " is powered off (" + off.message() + ")", true);
                }
                return LevelResult.failed(d.label() + " off failed: " + off.message(), false);
            }
            if (calls.actions(d).contains(FenceAction.STATUS)) {
                FenceResult status = calls.call(d, FenceAction.STATUS);
                if (!status.success()) {
                    return LevelResult.failed(d.label() + " reported off, but the off is not confirmed: status failed: "
                        + status.message(), false);
                }
                if (status.power() != PowerState.OFF) {
                    return LevelResult.failed(d.label() + " reported off, but the off is not confirmed: status reads "
                        + status.power(), false);
                }
                confirmations.add("confirmed off");
            } else {
                confirmations.add("not confirmed: the agent has no status");
                calls.note(true, "Fencing " + node + ": " + d.label() + " off accepted without confirmation: its "
                    + d.route().type() + " agent cannot read the power status");
            }
        }
        List<String> warnings = new ArrayList<>();
        boolean anyReboot = false;
        for (DeviceStep d : level.devices()) {
            if (d.action() != FenceAction.REBOOT) {
                continue;
            }
            anyReboot = true;
            calls.note(false, "Fencing " + node + ": " + level.label() + " device " + d.label() + ": on (reboot)");
            FenceResult on = calls.call(d, FenceAction.ON);
            if (!on.success()) {
                String w = d.label() + " power on after the confirmed off failed: " + on.message()
                    + " (" + node + " is fenced but stays off)";
                warnings.add(w);
                calls.note(true, "Fencing " + node + ": " + w);
            }
        }
        String confirmation = confirmations.stream().distinct().reduce((a, b) -> a + ", " + b).orElse("");
        FenceAction action = anyReboot ? FenceAction.REBOOT : FenceAction.OFF;
        String detail = "off, " + confirmation;
        if (anyReboot) {
            detail = "reboot: " + detail + (warnings.isEmpty() ? ", on" : "; power on failed");
        }
        String message = "fenced by " + level.deviceLabels() + " (" + detail + ")";
        return new LevelResult(true, false, false, action, message, warnings);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms < 100 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
