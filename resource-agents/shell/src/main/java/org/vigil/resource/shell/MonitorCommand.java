package org.vigil.resource.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.resource.ResourceOperation;

/** resource:monitor NAME: an operator's manual monitor. */
@Service
@Command(scope = "resource", name = "monitor", description = "Checks a resource now (status); fails when it is not running")
public class MonitorCommand extends OperationCommand {

    @Override
    ResourceOperation operation() {
        return ResourceOperation.MONITOR;
    }
}
