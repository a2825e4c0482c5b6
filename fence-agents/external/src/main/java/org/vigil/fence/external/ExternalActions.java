package org.vigil.fence.external;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * One action against one device through a ClusterLabs agent, with the agent's conventions: exit
 * 0 is success; for {@code status} 0 is ON, 2 is OFF and anything else a failure; {@code list}
 * prints {@code plug<separator>alias} lines. OFF and ON are done with the agent's {@code off} and
 * {@code on} and count only when a following {@code status} reads the requested state (polled
 * every {@link #STATUS_POLL} until the deadline, or until {@value #MAX_FAILED_STATUS_READS} status
 * calls in a row failed); REBOOT is a confirmed OFF then ON. Every message is scrubbed of secrets.
 */
final class ExternalActions {
    /** The pause between two confirming status calls. */
    static final Duration STATUS_POLL = Duration.ofMillis(500);

    /** Confirmation gives up after this many status calls in a row that fail (rather than read a state). */
    static final int MAX_FAILED_STATUS_READS = 3;

    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^Status: *(ON|OFF)\\s*$");

    private final Path executable;
    private final String name;
    private final Map<String, String> parameters;
    private final String plug;
    private final Deadline deadline;
    private final SecretValues secrets;

    ExternalActions(Path executable, Map<String, String> parameters, String plug, Deadline deadline,
                    SecretValues secrets) {
        this.executable = executable;
        this.name = executable.getFileName().toString();
        this.parameters = parameters;
        this.plug = plug;
        this.deadline = deadline;
        this.secrets = secrets;
    }

    /**
     * @param action what to do
     * @return the outcome
     * @throws AgentException for a failure (its message is scrubbed)
     */
    FenceResult execute(FenceAction action) throws AgentException {
        switch (action) {
            case STATUS: {
                PowerState s = readStatus();
                return new FenceResult(true, s, List.of(), name + ": status " + s);
            }
            case MONITOR: {
                AgentRun r = run("monitor");
                if (r.exitCode() != 0) {
                    throw failed("monitor", r);
                }
                return new FenceResult(true, PowerState.UNKNOWN, List.of(), name + ": the device answers");
            }
            case LIST:
                return list();
            case OFF:
                return power(PowerState.OFF);
            case ON:
                return power(PowerState.ON);
            case REBOOT:
                return reboot();
            default:
                throw new AgentException("action " + action + " is not supported by the external agent");
        }
    }

    private FenceResult power(PowerState want) throws AgentException {
        return new FenceResult(true, want, List.of(), name + ": " + powerConfirmed(want));
    }

    /** @return e.g. "powered OFF, confirmed by status" */
    private String powerConfirmed(PowerState want) throws AgentException {
        String action = want == PowerState.OFF ? "off" : "on";
        AgentRun r = run(action);
        if (r.exitCode() != 0) {
            throw failed(action, r);
        }
        return "powered " + want + ", " + confirm(want, action);
    }

    private FenceResult reboot() throws AgentException {
        String off = powerConfirmed(PowerState.OFF);
        try {
            String on = powerConfirmed(PowerState.ON);
            return new FenceResult(true, PowerState.ON, List.of(), name + ": rebooted: " + off + ", then " + on);
        } catch (AgentException e) {
            // the node is fenced: OFF was confirmed; the failed power-on is reported, not hidden
            return new FenceResult(true, PowerState.UNKNOWN, List.of(), name + ": reboot: " + off
                    + ", but power on failed: " + e.getMessage());
        }
    }

    /**
     * Polls status until it reads the wanted state or the deadline passes.
     *
     * @return how it was confirmed, for the message
     */
    private String confirm(PowerState want, String action) throws AgentException {
        PowerState opposite = want == PowerState.OFF ? PowerState.ON : PowerState.OFF;
        long since = System.nanoTime();
        int reads = 0;
        int failedReads = 0;
        PowerState last = null;
        String lastError = null;
        while (true) {
            try {
                last = readStatus();
                lastError = null;
                failedReads = 0;
                reads++;
                if (last == want) {
                    return "confirmed by status" + (reads > 1 ? " (read " + reads + " times)" : "");
                }
            } catch (AgentException e) {
                if (last == null && deadline.passed()) {
                    throw e;
                }
                lastError = e.getMessage();
                if (++failedReads >= MAX_FAILED_STATUS_READS) {
                    break;
                }
            }
            Duration left = deadline.remaining();
            if (left.compareTo(STATUS_POLL.plusMillis(100)) < 0) {
                break;
            }
            sleep(STATUS_POLL);
        }
        String after = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - since) / 1e9);
        if (last == opposite) {
            throw new AgentException("power " + action + " not confirmed: " + name + " reported " + action
                    + " done but status still reads " + opposite + " after " + after + " (" + reads
                    + " status reads" + (lastError == null ? "" : "; last: " + lastError) + ")");
        }
        throw new AgentException("power " + action + " not confirmed: " + name + " reported " + action
                + " done but its status could not be read: " + lastError);
    }

    /** @return the power state status reports (exit 0 = ON, 2 = OFF) */
    PowerState readStatus() throws AgentException {
        AgentRun r = run("status");
        PowerState s;
        if (r.exitCode() == 0) {
            s = PowerState.ON;
        } else if (r.exitCode() == 2) {
            s = PowerState.OFF;
        } else {
            throw failed("status", r);
        }
        Matcher m = STATUS_LINE.matcher(r.stdout());
        if (m.find() && !m.group(1).equals(s.name())) {
            throw new AgentException(name + " status is contradictory: exit code " + r.exitCode() + " means " + s
                    + " but it printed 'Status: " + m.group(1) + "'");
        }
        return s;
    }

    private FenceResult list() throws AgentException {
        AgentRun r = run("list");
        if (r.exitCode() != 0) {
            throw failed("list", r);
        }
        String out = r.stdout().strip();
        if (out.equals("N/A") || out.startsWith("NOTICE:")) {
            throw new AgentException(name + " cannot list plugs: it answered '" + secrets.scrub(firstLine(out))
                    + "' (a device without plugs, or list is not implemented by the agent)");
        }
        String separator = parameters.getOrDefault("separator", ",");
        if (separator.isEmpty()) {
            separator = ",";
        }
        List<String> plugs = new ArrayList<>();
        for (String line : out.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int at = l.indexOf(separator);
            String p = (at < 0 ? l : l.substring(0, at)).strip();
            if (p.isEmpty() || p.chars().anyMatch(Character::isISOControl)) {
                throw new AgentException(name + " list printed something that is not a plug list: '"
                        + secrets.scrub(shorten(l)) + "'");
            }
            plugs.add(p);
        }
        return new FenceResult(true, PowerState.UNKNOWN, plugs, name + ": " + plugs.size() + " plugs");
    }

    /** Runs the agent with what is left of the time; a timeout is a failure naming the whole limit. */
    private AgentRun run(String action) throws AgentException {
        if (deadline.passed()) {
            throw timedOut(action, 0);
        }
        String stdin = AgentOptions.stdin(parameters, action, plug);
        AgentRun r = AgentProcess.run(executable, List.of(), stdin, deadline.remaining());
        if (r.timedOut()) {
            throw timedOut(action, r.killed());
        }
        return r;
    }

    private AgentException timedOut(String action, int killed) {
        return new AgentException(name + " " + action + " timed out after " + Deadline.seconds(deadline.limit())
                + (killed > 0 ? " (killed its process group: " + killed + " process" + (killed == 1 ? "" : "es")
                + ")" : ""));
    }

    private AgentException failed(String action, AgentRun r) {
        String why = secrets.scrub(StderrSummary.of(r.stderr()));
        if (why.isEmpty()) {
            String out = r.stdout().strip();
            why = out.isEmpty() ? "it printed nothing" : "stdout: " + secrets.scrub(shorten(lastLine(out)));
        }
        return new AgentException(name + " " + action + " failed (exit code " + r.exitCode() + "): " + why);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return shorten(nl < 0 ? s : s.substring(0, nl));
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\\R");
        return lines[lines.length - 1];
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private void sleep(Duration d) throws AgentException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(name + ": interrupted");
        }
    }
}
