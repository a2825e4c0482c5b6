package org.vigil.shell.ccs;

import java.util.List;
import java.util.OptionalInt;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.config.ClusterConfiguration;

/** ccs_tool addnode: a clusternode, with its votes, id and fence device, as the next version. */
@Service
@Command(scope = "ccs", name = "addnode", description = "Adds a node to the cluster configuration (the next config_version, on every node), as ccs_tool addnode")
public class AddNodeCommand extends CcsCommandSupport {

    @Option(name = "-v", aliases = "--votes", description = "Votes of the node (default 1)")
    int votes = 1;

    @Option(name = "-n", aliases = "--nodeid", description = "Node id, unique (default: the lowest free one)")
    Integer nodeId;

    @Option(name = "-f", aliases = "--fence_type", description = "Fence device of the node's one method (\"single\")")
    @Completion(FenceDeviceCompleter.class)
    String fence;

    @Option(name = "-a", aliases = "--address", description = "(Vigil) the address the node listens on (default: its name)")
    String address;

    @Option(name = "-p", aliases = "--port", description = "(Vigil) the node's cluster port")
    Integer port;

    @Argument(index = 0, name = "nodename", description = "The node's name", required = true)
    String name;

    @Argument(index = 1, name = "fencearg=value", description = "Per-node parameters of the fence device, e.g. port=3", multiValued = true)
    List<String> fenceArgs;

    @Override
    public Object execute() throws Exception {
        ClusterConfiguration c = requireConfiguration();
        ClusterConfiguration edited = ConfigEdits.addNode(c, name, votes,
            nodeId == null ? OptionalInt.empty() : OptionalInt.of(nodeId), fence, ConfigEdits.pairs(fenceArgs), address, port,
            configStore.location());
        report(updater.edit(edited, "addnode " + name));
        return null;
    }
}
