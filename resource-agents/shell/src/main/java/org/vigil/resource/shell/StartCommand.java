package org.vigil.resource.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.resource.ResourceOperation;

/** resource:start NAME: an operator's manual start. */
@Service
@Command(scope = "resource", name = "start", description = "Starts a resource on this node (confirmed by a monitor; a failed start is followed by a stop)")
public class StartCommand extends OperationCommand {

    @Override
    ResourceOperation operation() {
        return ResourceOperation.START;
    }
}
