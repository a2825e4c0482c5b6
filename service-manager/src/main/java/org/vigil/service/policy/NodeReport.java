package org.vigil.service.policy;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one node's resource manager reports: the state of every service it knows of. A
 * service it does not name is stopped there. The coordinator passes one report per member; a
 * member without a report is "not heard from yet" and nothing is started anywhere until it has
 * reported (it might run a service the table does not know of).
 *
 * @param node     the reporting node's name
 * @param services by service name
 */
public record NodeReport(String node, Map<String, ReportedService> services) {

    /** Checks and copies (sorted by service name). */
    public NodeReport {
        Objects.requireNonNull(node, "node");
        if (node.isBlank()) {
            throw new IllegalArgumentException("a node report needs the node's name");
        }
        services = Collections.unmodifiableMap(new TreeMap<>(services));
    }

    /**
     * @param service a service name
     * @return its state on this node ({@link ReportedState#STOPPED} when not named)
     */
    public ReportedState state(String service) {
        ReportedService s = services.get(service);
        return s == null ? ReportedState.STOPPED : s.state();
    }
}
