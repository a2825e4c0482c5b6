package org.vigil.shell.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.membership.JoinRefusal;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.quorum.QuorumService;

/**
 * What the {@code cluster:} commands share: the services they read, {@code --json}, and a
 * clear refusal when this node is not running in a cluster.
 */
public abstract class ClusterCommandSupport implements Action {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Reference
    ClusterConfigStore configStore;

    @Reference(optional = true)
    MembershipService membership;

    @Reference(optional = true)
    QuorumService quorum;

    @Reference(optional = true)
    JoinRefusal refusal;

    @Option(name = "--json", description = "Print JSON for scripts instead of a table")
    boolean json;

    /** @return the running cluster configuration, or a failure saying why there is none */
    ClusterConfiguration requireConfiguration() throws ClusterNotRunningException {
        return configStore.current().orElseThrow(() -> new ClusterNotRunningException(
            "cluster configuration " + configStore.location() + " was refused:\n" + configStore.problems().stream()
                .map(ConfigProblem::toString).map(p -> "  " + p).collect(Collectors.joining("\n"))));
    }

    /** @return the membership service, or a failure saying why this node is not in a cluster */
    MembershipService requireMembership() throws ClusterNotRunningException {
        requireConfiguration();
        JoinRefusal why = refusal;
        if (why != null) {
            throw new ClusterNotRunningException("this node has not joined its cluster: " + why.reason());
        }
        if (membership == null || !membership.isJoined()) {
            throw new ClusterNotRunningException("this node has not joined its cluster yet (starting?): see data/log/karaf.log");
        }
        return membership;
    }

    /** @return the quorum service, or a failure saying it is not running */
    QuorumService requireQuorum() throws ClusterNotRunningException {
        requireMembership();
        if (quorum == null) {
            throw new ClusterNotRunningException("the quorum service is not running on this node");
        }
        return quorum;
    }

    String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
