package org.vigil.shell.cluster;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeState;
import org.vigil.api.membership.NodeStatus;
import org.vigil.api.quorum.QuorumState;

/** clustat: the cluster's members with their state, and whether the cluster is quorate. */
@Service
@Command(scope = "cluster", name = "status", description = "Shows the cluster's members and quorum, as clustat does")
public class StatusCommand extends ClusterCommandSupport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    @Override
    public Object execute() throws Exception {
        ClusterConfiguration config = requireConfiguration();
        MembershipService m = requireMembership();
        QuorumState q = requireQuorum().state();
        MembershipView view = m.currentView();
        List<NodeStatus> nodes = m.nodes();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cluster", config.name());
            out.put("quorate", q.quorate());
            out.put("quorumReason", q.reason());
            out.put("generation", view.generation());
            out.put("local", view.local().name());
            out.put("coordinator", view.coordinator().name());
            List<Map<String, Object>> members = new ArrayList<>();
            for (NodeStatus n : nodes) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", n.node().name());
                row.put("id", n.node().id());
                row.put("state", n.state().name());
                row.put("status", status(n, view));
                row.put("reason", n.reason());
                members.add(row);
            }
            out.put("members", members);
            System.out.println(toJson(out));
            return null;
        }
        System.out.println("Cluster Status for " + config.name() + " @ " + WHEN.format(ZonedDateTime.now()));
        System.out.println("Member Status: " + (q.quorate() ? "Quorate" : "Inquorate") + (q.quorate() ? "" : " (" + q.reason() + ")"));
        System.out.println();
        ShellTable table = new ShellTable();
        table.column("Member Name");
        table.column("ID").alignRight();
        table.column("Status");
        for (NodeStatus n : nodes) {
            table.addRow().addContent(n.node().name(), n.node().id(), status(n, view));
        }
        table.print(System.out);
        return null;
    }

    private static String status(NodeStatus n, MembershipView view) {
        List<String> parts = new ArrayList<>();
        parts.add(n.state() == NodeState.MEMBER ? "Online" : n.state() == NodeState.DISALLOWED ? "Disallowed" : "Offline");
        if (n.node().equals(view.local())) {
            parts.add("Local");
        }
        if (n.state() == NodeState.MEMBER && n.node().equals(view.coordinator())) {
            parts.add("Coordinator");
        }
        return String.join(", ", parts);
    }
}
