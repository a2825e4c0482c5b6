package org.vigil.shell.svc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceVerb;

/** Freezes a service: left alone, no start, stop or move, until unfrozen (clusvcadm -Z) */
@Service
@Command(scope = "svc", name = "freeze", description = "Freezes a service: left alone, no start, stop or move, until unfrozen (clusvcadm -Z)")
public class FreezeCommand extends SvcCommandSupport {

    @Argument(index = 0, name = "service", description = "The service's name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Override
    public Object execute() throws Exception {
        return perform(ServiceVerb.FREEZE, service, null);
    }
}
