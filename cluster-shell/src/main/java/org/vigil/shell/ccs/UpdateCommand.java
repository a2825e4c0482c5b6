package org.vigil.shell.ccs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** ccs_tool update: a whole new cluster.conf whose config_version is newer than the running one. */
@Service
@Command(scope = "ccs", name = "update", description = "Makes a cluster.conf file the running configuration on every node, as ccs_tool update (its config_version must be newer)")
public class UpdateCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "file", description = "The new cluster.conf", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() throws Exception {
        report(updater.update(file, read(file), "update " + file));
        return null;
    }
}
