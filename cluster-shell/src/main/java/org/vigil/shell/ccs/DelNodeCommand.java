package org.vigil.shell.ccs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.shell.cluster.NodeNameCompleter;

/** ccs_tool delnode: removes a clusternode, as the next version. */
@Service
@Command(scope = "ccs", name = "delnode", description = "Removes a node from the cluster configuration (the next config_version), as ccs_tool delnode")
public class DelNodeCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "nodename", description = "The node's name", required = true)
    @Completion(NodeNameCompleter.class)
    String name;

    @Override
    public Object execute() throws Exception {
        report(updater.edit(ConfigEdits.delNode(requireConfiguration(), name, configStore.location()), "delnode " + name));
        return null;
    }
}
