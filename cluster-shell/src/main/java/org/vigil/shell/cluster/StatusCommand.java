package org.vigil.shell.cluster;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.fence.FencingInProgress;
import org.vigil.api.fence.FencingService;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeState;
import org.vigil.api.membership.NodeStatus;
import org.vigil.api.quorum.QuorumState;
import org.vigil.api.service.ServiceManager;
import org.vigil.api.service.ServiceStatus;

/** clustat: the cluster's members with their state, and whether the cluster is quorate. */
@Service
@Command(scope = "cluster", name = "status", description = "Shows the cluster's members and quorum, as clustat does")
public class StatusCommand extends ClusterCommandSupport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    /** The fencing daemon, when installed: nodes lost and not yet fenced are shown. */
    @Reference(optional = true)
    FencingService fencing;

    /** The service manager, when installed: services are shown with owner and state, as clustat does. */
    @Reference(optional = true)
    ServiceManager serviceManager;

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
            List<Map<String, Object>> awaiting = new ArrayList<>();
            for (FencingInProgress f : pendingFencing()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("node", f.node());
                row.put("lostAt", f.lostAt().toString());
                row.put("by", f.by());
                row.put("attempts", f.attempts());
                row.put("needsOperator", f.needsOperator());
                row.put("status", f.status());
                awaiting.add(row);
            }
            out.put("fencing", awaiting);
            List<Map<String, Object>> services = new ArrayList<>();
            for (ServiceStatus s : services()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", s.name());
                row.put("owner", s.owner().orElse(null));
                row.put("lastOwner", s.lastOwner().orElse(null));
                row.put("state", s.state().name().toLowerCase(Locale.ROOT));
                row.put("frozen", s.frozen());
                row.put("reason", s.reason());
                services.add(row);
            }
            out.put("services", services);
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
        List<ServiceStatus> services = services();
        if (!services.isEmpty()) {
            System.out.println();
            ShellTable st = new ShellTable();
            st.column("Service Name");
            st.column("Owner (Last)");
            st.column("State");
            for (ServiceStatus s : services) {
                st.addRow().addContent("service:" + s.name(),
                    s.owner().orElse(s.lastOwner().map(l -> "(" + l + ")").orElse("(none)")),
                    s.state().name().toLowerCase(Locale.ROOT) + (s.frozen() ? " [Z]" : ""));
            }
            st.print(System.out);
        }
        List<FencingInProgress> awaiting = pendingFencing();
        if (!awaiting.isEmpty()) {
            System.out.println();
        }
        for (FencingInProgress f : awaiting) {
            if (f.needsOperator()) {
                System.out.println("Fencing: " + f.node() + " WAITING FOR AN OPERATOR: make sure " + f.node()
                    + " is powered off, then run fence:ack " + f.node() + " (" + f.status() + ")");
            } else {
                System.out.println("Fencing: " + f.node() + " not yet fenced"
                    + (f.by().isEmpty() ? "" : ", by " + f.by()) + (f.attempts() > 0 ? ", " + f.attempts() + " rounds" : "")
                    + ": " + f.status());
            }
        }
        return null;
    }

    private List<ServiceStatus> services() {
        ServiceManager sm = serviceManager;
        if (sm == null) {
            return List.of();
        }
        try {
            return sm.services();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private List<FencingInProgress> pendingFencing() {
        FencingService f = fencing;
        if (f == null) {
            return List.of();
        }
        try {
            return f.pending();
        } catch (RuntimeException e) {
            return List.of();
        }
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
