package org.vigil.shell.ccs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Brings an earlier version's content back as the next version, on every node. */
@Service
@Command(scope = "ccs", name = "rollback", description = "Makes the content of an earlier config_version (see ccs:history) the next version, on every node")
public class RollbackCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "version", description = "A config_version kept as a backup", required = true)
    long version;

    @Override
    public Object execute() throws Exception {
        report(updater.rollback(version));
        return null;
    }
}
