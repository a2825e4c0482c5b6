package org.vigil.shell.ccs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.Secrets;

/** ccs_tool lsnode: the configured nodes with votes, node id and fence device. */
@Service
@Command(scope = "ccs", name = "lsnode", description = "Lists the configured nodes (votes, node id, fence device), as ccs_tool lsnode")
public class LsNodeCommand extends CcsCommandSupport {

    @Option(name = "--json", description = "Print JSON for scripts instead of a table")
    boolean json;

    @Option(name = "-v", aliases = "--verbose", description = "Also show each node's address, port and fence parameters (passwords as ****)")
    boolean verbose;

    @Override
    public Object execute() throws Exception {
        ClusterConfiguration c = requireConfiguration();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (NodeDefinition n : c.nodes()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", n.name());
                row.put("votes", n.votes());
                row.put("nodeid", n.nodeId());
                row.put("fencetype", fenceType(c, n.name()));
                row.put("address", n.address());
                row.put("port", n.port().isPresent() ? n.port().getAsInt() : null);
                out.add(row);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("cluster", c.name());
            doc.put("config_version", c.configVersion());
            doc.put("nodes", out);
            System.out.println(toJson(doc));
            return null;
        }
        System.out.println();
        System.out.println("Cluster name: " + c.name() + ", config_version: " + c.configVersion());
        System.out.println();
        ShellTable table = new ShellTable();
        table.column("Nodename");
        table.column("Votes").alignRight();
        table.column("Nodeid").alignRight();
        table.column("Fencetype");
        if (verbose) {
            table.column("Address");
            table.column("Fence properties");
        }
        for (NodeDefinition n : c.nodes()) {
            var row = table.addRow();
            row.addContent(n.name(), n.votes(), n.nodeId(), fenceType(c, n.name()));
            if (verbose) {
                row.addContent(n.address() + (n.port().isPresent() ? ":" + n.port().getAsInt() : ""), fenceProperties(c, n.name()));
            }
        }
        table.print(System.out);
        return null;
    }

    static String fenceType(ClusterConfiguration c, String node) {
        List<FenceMethod> methods = c.fenceMethods(node);
        if (methods.isEmpty() || methods.get(0).devices().isEmpty()) {
            return "";
        }
        return methods.get(0).devices().get(0).name();
    }

    private static String fenceProperties(ClusterConfiguration c, String node) {
        List<FenceMethod> methods = c.fenceMethods(node);
        if (methods.isEmpty() || methods.get(0).devices().isEmpty()) {
            return "";
        }
        FenceDeviceRef d = methods.get(0).devices().get(0);
        StringBuilder s = new StringBuilder();
        Secrets.masked(d.parameters()).forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return s.toString();
    }
}
