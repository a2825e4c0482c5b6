package org.vigil.shell.svc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceVerb;

/** Stops a service until it is enabled or the membership changes (clusvcadm -s) */
@Service
@Command(scope = "svc", name = "stop", description = "Stops a service until it is enabled or the membership changes (clusvcadm -s)")
public class StopCommand extends SvcCommandSupport {

    @Argument(index = 0, name = "service", description = "The service's name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Override
    public Object execute() throws Exception {
        return perform(ServiceVerb.STOP, service, null);
    }
}
