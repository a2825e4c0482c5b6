package org.vigil.shell.svc;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vigil.api.config.ClusterConfigStore;

/** Completes the service names of cluster.conf's {@code <rm>}. */
@Service
public class ServiceNameCompleter implements Completer {

    @Reference
    ClusterConfigStore configStore;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        configStore.current().ifPresent(c -> c.resourceManager().services().forEach(s -> names.getStrings().add(s.name())));
        return names.complete(session, commandLine, candidates);
    }
}
