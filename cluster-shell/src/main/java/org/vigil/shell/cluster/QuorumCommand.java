package org.vigil.shell.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.membership.MembershipView;
import org.vigil.api.membership.NodeStatus;
import org.vigil.api.quorum.QuorumFlag;
import org.vigil.api.quorum.QuorumState;

/** cman_tool status: the cluster's identity, generation and vote figures. */
@Service
@Command(scope = "cluster", name = "quorum", description = "Shows votes and quorum with the fields of cman_tool status")
public class QuorumCommand extends ClusterCommandSupport {

    @Override
    public Object execute() throws Exception {
        ClusterConfiguration config = requireConfiguration();
        MembershipService m = requireMembership();
        QuorumState q = requireQuorum().state();
        MembershipView view = m.currentView();
        String address = m.nodes().stream().filter(n -> n.node().equals(view.local())).map(NodeStatus::address)
            .findFirst().orElse("");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Version", "vigil " + version());
        fields.put("Config Version", config.configVersion());
        fields.put("Cluster Name", config.name());
        fields.put("Cluster Id", clusterId(config.name()));
        fields.put("Cluster Member", "Yes");
        fields.put("Cluster Generation", view.generation());
        fields.put("Membership state", "Cluster-Member");
        fields.put("Nodes", view.members().size());
        fields.put("Expected votes", q.expectedVotes());
        fields.put("Quorum device votes", q.quorumDeviceVotes());
        fields.put("Total votes", q.totalVotes());
        fields.put("Node votes", q.nodeVotes());
        fields.put("Quorum", q.quorum() + (q.quorate() ? "" : "  Activity blocked"));
        fields.put("Active subsystems", "membership quorum");
        fields.put("Flags", flags(q));
        fields.put("Node name", view.local().name());
        fields.put("Node ID", view.local().id());
        fields.put("Node addresses", address);
        fields.put("Coordinator", view.coordinator().name());
        fields.put("Reason", q.reason());
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("clusterName", config.name());
            out.put("configVersion", config.configVersion());
            out.put("clusterId", clusterId(config.name()));
            out.put("generation", view.generation());
            out.put("nodeName", view.local().name());
            out.put("nodeId", view.local().id());
            out.put("members", view.members().stream().map(n -> n.name()).toList());
            out.put("coordinator", view.coordinator().name());
            out.put("quorate", q.quorate());
            out.put("expectedVotes", q.expectedVotes());
            out.put("totalVotes", q.totalVotes());
            out.put("quorum", q.quorum());
            out.put("nodeVotes", q.nodeVotes());
            out.put("quorumDeviceVotes", q.quorumDeviceVotes());
            out.put("flags", q.flags().stream().map(Enum::name).sorted().toList());
            out.put("reason", q.reason());
            System.out.println(toJson(out));
            return null;
        }
        fields.forEach((k, v) -> System.out.println(k + ": " + v));
        return null;
    }

    private static String flags(QuorumState q) {
        List<String> names = q.flags().stream().sorted().map(QuorumCommand::flagName).collect(Collectors.toList());
        if (!q.quorate()) {
            names.add(0, "Inquorate");
        }
        return String.join(" ", names);
    }

    private static String flagName(QuorumFlag f) {
        return switch (f) {
            case QUORATE -> "Quorate";
            case TWO_NODE -> "2node";
            case WAIT_FOR_ALL -> "WaitForAll";
            case WAITING_FOR_ALL -> "WaitingForAll";
            case LAST_MAN_STANDING -> "LastManStanding";
            case AUTO_TIE_BREAKER -> "AutoTieBreaker";
            case QUORUM_DEVICE -> "Qdevice";
            case QUORUM_DEVICE_VOTING -> "QdeviceVoting";
        };
    }

    private String version() {
        Bundle bundle = FrameworkUtil.getBundle(getClass());
        return bundle == null ? "unknown" : bundle.getVersion().toString();
    }

    /** cman derived the cluster id from the name; this is a 16-bit hash of it in the same spirit. */
    static int clusterId(String name) {
        int h = 0;
        for (char c : name.toCharArray()) {
            h = (h * 31 + c) & 0xffff;
        }
        return h;
    }
}
