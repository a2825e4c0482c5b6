package org.vigil.shell.ccs;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigurationException;

/**
 * Takes an RHCS cluster.conf whole as the next version, whatever config_version it carries
 * (a file from another cluster numbers its versions its own way).
 */
@Service
@Command(scope = "ccs", name = "import", description = "Imports an RHCS cluster.conf whole as the next config_version (its own config_version is replaced)")
public class ImportCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "file", description = "The RHCS cluster.conf", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() throws Exception {
        ClusterConfiguration imported;
        try {
            imported = updater.parse(file, read(file));
        } catch (ConfigurationException e) {
            throw new ConfigRefusedException("refused: " + file + " does not validate: " + e.problems().size()
                + (e.problems().size() == 1 ? " problem" : " problems") + "\n" + lines(e.problems()) + "\nnothing changed");
        }
        var running = configStore.current();
        if (running.isEmpty()) {
            report(updater.update(imported, "import " + file));
        } else {
            report(updater.edit(ConfigEdits.withVersion(imported, running.get().configVersion()), "import " + file));
        }
        return null;
    }
}
