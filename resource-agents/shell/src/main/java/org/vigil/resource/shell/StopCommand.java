package org.vigil.resource.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.resource.ResourceOperation;

/** resource:stop NAME: an operator's manual stop. */
@Service
@Command(scope = "resource", name = "stop", description = "Stops a resource on this node")
public class StopCommand extends OperationCommand {

    @Override
    ResourceOperation operation() {
        return ResourceOperation.STOP;
    }
}
