package org.vigil.resource.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Forgets a resource's failures and probes it again. */
@Service
@Command(scope = "resource", name = "cleanup", description = "Resets a resource's fail count and probes it again")
public class CleanupCommand extends ResourceCommandSupport {

    @Argument(index = 0, name = "resource", description = "The resource, e.g. script:httpd", required = true)
    @Completion(ResourceNameCompleter.class)
    String resource;

    @Override
    public Object execute() throws Exception {
        requireResource(resource);
        manager.cleanup(resource);
        System.out.println("Cleaned up " + resource + ": fail count reset; probing it again (see resource:list)");
        return null;
    }
}
