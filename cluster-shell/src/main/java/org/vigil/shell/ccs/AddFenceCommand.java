package org.vigil.shell.ccs;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** ccs_tool addfence: a fence device (name, agent, parameters), as the next version. */
@Service
@Command(scope = "ccs", name = "addfence", description = "Adds a fence device (name agent [param=value]...), as ccs_tool addfence")
public class AddFenceCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "name", description = "The device name", required = true)
    String name;

    @Argument(index = 1, name = "agent", description = "The agent, e.g. fence_manual, fence_ipmilan", required = true)
    String agent;

    @Argument(index = 2, name = "param=value", description = "The agent's parameters, e.g. ipaddr=10.0.0.5 login=admin passwd=...", multiValued = true)
    List<String> parameters;

    @Override
    public Object execute() throws Exception {
        report(updater.edit(ConfigEdits.addFence(requireConfiguration(), name, agent, ConfigEdits.pairs(parameters)),
            "addfence " + name + " " + agent));
        return null;
    }
}
