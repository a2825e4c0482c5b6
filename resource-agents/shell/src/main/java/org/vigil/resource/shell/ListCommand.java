package org.vigil.resource.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Every configured resource with its state on this node, fail count and last operation. */
@Service
@Command(scope = "resource", name = "list", description = "Lists the configured resources with state, fail count and last operation (with its reason)")
public class ListCommand extends ResourceCommandSupport {

    @Override
    public Object execute() {
        printStatuses(manager.resources());
        return null;
    }
}
