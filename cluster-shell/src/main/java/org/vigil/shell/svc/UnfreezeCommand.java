package org.vigil.shell.svc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceVerb;

/** Ends a freeze (clusvcadm -U) */
@Service
@Command(scope = "svc", name = "unfreeze", description = "Ends a freeze (clusvcadm -U)")
public class UnfreezeCommand extends SvcCommandSupport {

    @Argument(index = 0, name = "service", description = "The service's name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Override
    public Object execute() throws Exception {
        return perform(ServiceVerb.UNFREEZE, service, null);
    }
}
