package org.vigil.shell.svc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceVerb;
import org.vigil.shell.cluster.NodeNameCompleter;

/** Enables and starts a service, on a member if given (clusvcadm -e) */
@Service
@Command(scope = "svc", name = "enable", description = "Enables and starts a service, on a member if given (clusvcadm -e)")
public class EnableCommand extends SvcCommandSupport {

    @Argument(index = 0, name = "service", description = "The service's name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Option(name = "-m", aliases = "--member", description = "The member to run it on")
    @Completion(NodeNameCompleter.class)
    String member;

    @Override
    public Object execute() throws Exception {
        return perform(ServiceVerb.ENABLE, service, member);
    }
}
