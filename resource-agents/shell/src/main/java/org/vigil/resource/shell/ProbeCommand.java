package org.vigil.resource.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Monitors every configured resource once and shows what runs here. */
@Service
@Command(scope = "resource", name = "probe", description = "Monitors every configured resource now and lists what runs on this node")
public class ProbeCommand extends ResourceCommandSupport {

    @Override
    public Object execute() throws Exception {
        printStatuses(await(manager.probe(), "the probe"));
        return null;
    }
}
