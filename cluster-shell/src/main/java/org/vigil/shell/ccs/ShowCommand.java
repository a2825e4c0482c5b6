package org.vigil.shell.ccs;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** The running cluster.conf, secrets shown as ****. */
@Service
@Command(scope = "ccs", name = "show", description = "Shows the running cluster configuration as cluster.conf XML (or JSON), passwords as ****")
public class ShowCommand extends CcsCommandSupport {

    @Option(name = "--json", description = "Print JSON for scripts instead of XML")
    boolean json;

    @Override
    public Object execute() throws Exception {
        var config = requireConfiguration();
        System.out.print(json ? updater.toJson(config) + "\n" : updater.toXml(config, true));
        return null;
    }
}
