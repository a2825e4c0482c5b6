package org.vigil.service.policy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.vigil.api.config.ClusterConfiguration;

/**
 * Everything the policy decides from. The coordinator builds one on every change (a report,
 * a membership or quorum change, a fencing result, a request, a new configuration), after the
 * previous decision's actions have finished or failed, so that the reports show their outcome.
 *
 * @param config     the cluster configuration: nodes (ids order ties), and {@code <rm>}: failover
 *                   domains, services and their attributes ({@code domain}, {@code autostart},
 *                   {@code exclusive}, {@code recovery}, {@code max_restarts},
 *                   {@code restart_expire_time}); a service whose tree holds a {@code vm}
 *                   resource can migrate
 * @param membership the members of this partition, quorum, and which lost nodes are fenced
 * @param reports    by node name: what each member reports; reports of non-members are ignored
 * @param requests   operator requests to apply, in order
 * @param previous   the table the previous decision made ({@link ServiceTable#empty()} at first, or
 *                   for a new coordinator that re-derives the truth from the reports)
 * @param now        the time of this decision: restarts are counted within
 *                   {@code restart_expire_time} before it
 */
public record PolicyInput(ClusterConfiguration config, Membership membership, Map<String, NodeReport> reports,
                          List<OperatorRequest> requests, ServiceTable previous, Instant now) {

    /** Checks and copies. */
    public PolicyInput {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(now, "now");
        reports.forEach((k, v) -> {
            if (!k.equals(v.node())) {
                throw new IllegalArgumentException("report key '" + k + "' holds the report of node '" + v.node() + "'");
            }
        });
        reports = Collections.unmodifiableMap(new TreeMap<>(reports));
        requests = List.copyOf(requests);
    }
}
