package org.vigil.shell.ccs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** ccs_tool create: the skeleton cluster.conf, on this node only, where none exists. */
@Service
@Command(scope = "ccs", name = "create", description = "Creates a skeleton cluster.conf (name, config_version 1, empty sections) where none exists, as ccs_tool create")
public class CreateCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "clustername", description = "The cluster name", required = true)
    String clusterName;

    @Override
    public Object execute() throws Exception {
        var r = updater.create(clusterName);
        if (!r.accepted()) {
            throw new ConfigRefusedException(r.reason() + (r.problems().isEmpty() ? "" : "\n" + lines(r.problems())));
        }
        System.out.println(r.reason());
        return null;
    }
}
