package org.vigil.shell.ccs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** ccs_tool delfence: removes a fence device, as the next version (refused while a node uses it). */
@Service
@Command(scope = "ccs", name = "delfence", description = "Removes a fence device, as ccs_tool delfence (refused while a node's fence method names it)")
public class DelFenceCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "name", description = "The device name", required = true)
    @Completion(FenceDeviceCompleter.class)
    String name;

    @Override
    public Object execute() throws Exception {
        report(updater.edit(ConfigEdits.delFence(requireConfiguration(), name), "delfence " + name));
        return null;
    }
}
