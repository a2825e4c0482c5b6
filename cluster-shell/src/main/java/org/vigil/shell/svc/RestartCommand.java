package org.vigil.shell.svc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceVerb;

/** Restarts a service in place (clusvcadm -R) */
@Service
@Command(scope = "svc", name = "restart", description = "Restarts a service in place (clusvcadm -R)")
public class RestartCommand extends SvcCommandSupport {

    @Argument(index = 0, name = "service", description = "The service's name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Override
    public Object execute() throws Exception {
        return perform(ServiceVerb.RESTART, service, null);
    }
}
