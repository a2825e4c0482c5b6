package org.vigil.fence.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.fence.FencingService;

/**
 * What the {@code fence:} commands share: the fencing daemon, the configuration, {@code --json},
 * and clear refusals when something they need is not running.
 */
public abstract class FenceCommandSupport implements Action {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
        .withZone(ZoneId.systemDefault());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Reference(optional = true)
    FencingService fencing;

    @Reference(optional = true)
    ClusterConfigStore configStore;

    @Option(name = "--json", description = "Print JSON for scripts instead of a table")
    boolean json;

    /** @return the fencing daemon, or a failure saying it is not running */
    FencingService requireFencing() throws FenceCommandException {
        if (fencing == null) {
            throw new FenceCommandException("the fencing daemon is not running on this node (feature vigil-fence; "
                + "see data/log/karaf.log)");
        }
        return fencing;
    }

    /** @return the running configuration, or a failure saying why there is none */
    ClusterConfiguration requireConfiguration() throws FenceCommandException {
        if (configStore == null) {
            throw new FenceCommandException("the cluster configuration service is not running on this node");
        }
        return configStore.current().orElseThrow(() -> new FenceCommandException("cluster configuration "
            + configStore.location() + " was refused:\n" + configStore.problems().stream().map(ConfigProblem::toString)
            .map(p -> "  " + p).collect(Collectors.joining("\n"))));
    }

    /** @throws FenceCommandException when the node is not configured */
    void requireNode(ClusterConfiguration c, String node) throws FenceCommandException {
        if (c.node(node).isEmpty()) {
            throw new FenceCommandException("no node named '" + node + "' in " + configStore.location() + " (nodes: "
                + c.nodes().stream().map(n -> n.name()).collect(Collectors.joining(", ")) + ")");
        }
    }

    String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
