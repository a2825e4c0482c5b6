package org.vigil.resource.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vigil.api.resource.LocalResourceManager;

/** Completes the names of the configured resources. */
@Service
public class ResourceNameCompleter implements Completer {

    @Reference
    LocalResourceManager manager;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        manager.resources().forEach(s -> names.getStrings().add(s.resource().name()));
        return names.complete(session, commandLine, candidates);
    }
}
