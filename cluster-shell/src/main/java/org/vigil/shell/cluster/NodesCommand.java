package org.vigil.shell.cluster;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.membership.NodeState;
import org.vigil.api.membership.NodeStatus;

/** cman_tool nodes: every configured node with its state, votes and address. */
@Service
@Command(scope = "cluster", name = "nodes", description = "Lists the cluster's nodes with state, votes and address, as cman_tool nodes does")
public class NodesCommand extends ClusterCommandSupport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "node", description = "Show only this node", required = false)
    @Completion(NodeNameCompleter.class)
    String node;

    @Override
    public Object execute() throws Exception {
        ClusterConfiguration config = requireConfiguration();
        if (node != null && config.node(node).isEmpty()) {
            throw new IllegalArgumentException("no node '" + node + "' in cluster " + config.name() + "; its nodes are "
                + config.nodes().stream().map(NodeDefinition::name).toList());
        }
        List<NodeStatus> nodes = requireMembership().nodes().stream()
            .filter(n -> node == null || n.node().name().equals(node)).toList();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (NodeStatus n : nodes) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", n.node().id());
                row.put("name", n.node().name());
                row.put("state", n.state().name());
                row.put("votes", votes(config, n));
                row.put("address", n.address());
                row.put("since", n.since().map(Object::toString).orElse(null));
                row.put("incarnation", Long.toHexString(n.incarnation()));
                row.put("reason", n.reason());
                out.add(row);
            }
            System.out.println(toJson(out));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Node").alignRight();
        table.column("Sts");
        table.column("Votes").alignRight();
        table.column("Since");
        table.column("Address");
        table.column("Name");
        table.column("Reason");
        for (NodeStatus n : nodes) {
            table.addRow().addContent(n.node().id(), code(n.state()), votes(config, n),
                n.since().map(WHEN::format).orElse("-"), n.address(), n.node().name(), n.reason());
        }
        table.print(System.out);
        return null;
    }

    private static int votes(ClusterConfiguration config, NodeStatus n) {
        return config.node(n.node().id()).map(NodeDefinition::votes).orElse(0);
    }

    private static String code(NodeState state) {
        return switch (state) {
            case MEMBER -> "M";
            case DEAD -> "X";
            case DISALLOWED -> "d";
        };
    }
}
