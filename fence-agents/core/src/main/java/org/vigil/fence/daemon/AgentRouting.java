package org.vigil.fence.daemon;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which installed agent type serves a {@code <fencedevice agent="X">} (FENCE-CONVENTIONS): the
 * agent of type X; else {@code manual} for {@code fence_manual}/{@code fence_ack_manual}; else
 * {@code external} (with {@code agent=X} added) for any {@code fence_*}; else "agent missing".
 */
final class AgentRouting {

    static final String MANUAL = "manual";
    static final String EXTERNAL = "external";
    private static final Pattern CLUSTERLABS = Pattern.compile("fence_[a-z0-9_]+");

    /**
     * @param type        the agent type that serves the device (the wanted one when missing)
     * @param installed   whether an agent of that type runs here
     * @param extra       parameters to add (for {@code external}: {@code agent=X})
     * @param note        how it was routed, or why it cannot be used
     */
    record Route(String type, boolean installed, Map<String, String> extra, String note) {
    }

    private AgentRouting() {
    }

    /**
     * @param agent     the device's {@code agent} attribute
     * @param installed the agent types installed now
     * @param localNode this node's name, for the "agent missing" message
     * @return the route
     */
    static Route route(String agent, Set<String> installed, String localNode) {
        String a = agent == null ? "" : agent.strip();
        if (a.isEmpty()) {
            return new Route("", false, Map.of(), "the device names no agent");
        }
        if (installed.contains(a)) {
            return new Route(a, true, Map.of(), "agent " + a);
        }
        if (a.equals("fence_manual") || a.equals("fence_ack_manual")) {
            return installed.contains(MANUAL) ? new Route(MANUAL, true, Map.of(), a + " is served by the manual agent")
                : new Route(MANUAL, false, Map.of(), missing(a, MANUAL, localNode));
        }
        if (CLUSTERLABS.matcher(a).matches()) {
            return installed.contains(EXTERNAL)
                ? new Route(EXTERNAL, true, Map.of("agent", a), a + " is run by the external agent")
                : new Route(EXTERNAL, false, Map.of("agent", a), missing(a, EXTERNAL, localNode));
        }
        return new Route(a, false, Map.of(), "no fence agent of type '" + a + "' is installed on " + localNode);
    }

    private static String missing(String agent, String type, String localNode) {
        return "no fence agent of type '" + agent + "' is installed on " + localNode + " (it would be served by the '"
            + type + "' agent, which is not installed either)";
    }
}
