package org.vigil.fence.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.FenceDevice;

/** Completes the fence device names of cluster.conf. */
@Service
public class DeviceNameCompleter implements Completer {

    @Reference(optional = true)
    ClusterConfigStore configStore;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        if (configStore != null) {
            configStore.current().ifPresent(c -> c.fenceDevices().stream().map(FenceDevice::name)
                .forEach(names.getStrings()::add));
        }
        return names.complete(session, commandLine, candidates);
    }
}
