package org.vigil.shell.svc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.service.ServiceVerb;
import org.vigil.shell.cluster.NodeNameCompleter;

/** Live-migrates a service to a member: services with a vm resource (clusvcadm -M) */
@Service
@Command(scope = "svc", name = "migrate", description = "Live-migrates a service to a member: services with a vm resource (clusvcadm -M)")
public class MigrateCommand extends SvcCommandSupport {

    @Argument(index = 0, name = "service", description = "The service's name", required = true)
    @Completion(ServiceNameCompleter.class)
    String service;

    @Option(name = "-m", aliases = "--member", description = "The member to migrate it to", required = true)
    @Completion(NodeNameCompleter.class)
    String member;

    @Override
    public Object execute() throws Exception {
        return perform(ServiceVerb.MIGRATE, service, member);
    }
}
