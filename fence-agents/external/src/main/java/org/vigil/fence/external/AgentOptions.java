package org.vigil.fence.external;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The options an agent reads on stdin, one {@code key=value} line each, as Pacemaker's fencer
 * passes them: the device's parameters (except {@code agent}, and {@code action} which the
 * adapter sets), then {@code action=...} and {@code plug=...}. A name that is not a plain option
 * name, or a value with a line break (which would smuggle in a second option), is refused.
 */
final class AgentOptions {
    /** The parameter naming the agent; not passed to it. */
    static final String AGENT = "agent";

    /** What the adapter itself sets, or must not be set from a device's parameters. */
    private static final Set<String> RESERVED = Set.of(AGENT, "action", "o");
    /** The plug names; a plug argument replaces them. */
    private static final Set<String> PLUG_NAMES = Set.of("plug", "port");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_BYTES = 32 * 1024;

    private AgentOptions() {
    }

    /**
     * @param parameters the device's parameters (secrets included)
     * @param action     the agent action, e.g. {@code off}
     * @param plug       the plug, or null
     * @return the text for the agent's stdin
     * @throws AgentException naming the bad parameter (never its value)
     */
    static String stdin(Map<String, String> parameters, String action, String plug) throws AgentException {
        List<String> problems = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        Map<String, String> sorted = new TreeMap<>();
        parameters.forEach((k, v) -> {
            if (k == null) {
                problems.add("a parameter has no name");
            } else {
                sorted.put(k, v);
            }
        });
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (!NAME.matcher(k).matches()) {
                problems.add("invalid parameter name '" + k.replaceAll("\\p{Cntrl}", "?")
                        + "' (letters, digits, '_', '-', '.')");
                continue;
            }
            if (RESERVED.contains(k) || (plug != null && PLUG_NAMES.contains(k)) || v == null) {
                continue;
            }
            if (hasLineBreak(v)) {
                problems.add("parameter '" + k + "' contains a line break or NUL character");
                continue;
            }
            sb.append(k).append('=').append(v).append('\n');
        }
        if (plug != null) {
            if (hasLineBreak(plug)) {
                problems.add("the plug contains a line break or NUL character");
            } else {
                sb.append("plug=").append(plug).append('\n');
            }
        }
        if (!problems.isEmpty()) {
            throw new AgentException("invalid device parameters: " + String.join("; ", problems));
        }
        sb.insert(0, "action=" + action + "\n");
        if (sb.length() > MAX_BYTES) {
            throw new AgentException("invalid device parameters: more than " + MAX_BYTES + " bytes of options");
        }
        return sb.toString();
    }

    private static boolean hasLineBreak(String v) {
        return v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0;
    }
}
