package org.vigil.fence.shell;

import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceResult;

/** The power status of a configured device's plug (the agent's STATUS action). */
@Service
@Command(scope = "fence", name = "status", description = "Shows the power status of a fence device (and plug)")
public class DeviceStatusCommand extends FenceCommandSupport {

    @Argument(index = 0, name = "device", description = "A configured fence device", required = true)
    @Completion(DeviceNameCompleter.class)
    String device;

    @Argument(index = 1, name = "plug", description = "The plug, outlet or port (for PDUs)")
    String plug;

    @Override
    public Object execute() throws Exception {
        if (requireConfiguration().fenceDevice(device).isEmpty()) {
            throw new FenceCommandException("no fence device named '" + device + "' in " + configStore.location());
        }
        String what = device + (plug == null ? "" : " plug " + plug);
        FenceResult r = requireFencing().execute(device, FenceAction.STATUS, plug);
        if (!r.success()) {
            throw new FenceCommandException("Status of " + what + " failed: " + r.message());
        }
        if (json) {
            System.out.println(toJson(java.util.Map.of("device", device, "plug", plug == null ? "" : plug,
                "power", r.power().name(), "message", r.message())));
        } else {
            System.out.println("Status of " + what + ": " + r.power().name().toLowerCase(Locale.ROOT)
                + (r.message().isBlank() ? "" : " (" + r.message() + ")"));
        }
        return null;
    }
}
