package org.vigil.fence.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.fence.FenceDeviceInfo;

/** The configured fence devices, the agent type that serves each, whether it is installed. */
@Service
@Command(scope = "fence", name = "devices", description = "Lists the configured fence devices and the agent serving each")
public class DevicesCommand extends FenceCommandSupport {

    @Override
    public Object execute() throws Exception {
        requireConfiguration();
        List<FenceDeviceInfo> devices = requireFencing().devices();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (FenceDeviceInfo d : devices) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", d.name());
                row.put("agent", d.agent());
                row.put("type", d.type());
                row.put("installed", d.installed());
                row.put("parameters", d.parameters());
                row.put("note", d.note());
                out.add(row);
            }
            System.out.println(toJson(out));
            return null;
        }
        if (devices.isEmpty()) {
            System.out.println("No fence device is configured (<fencedevices> is empty)");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Device");
        table.column("Agent");
        table.column("Type");
        table.column("Installed");
        table.column("Parameters");
        for (FenceDeviceInfo d : devices) {
            String params = d.parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
            table.addRow().addContent(d.name(), d.agent(), d.type(), d.installed() ? "yes" : "NO (agent missing): " + d.note(), params);
        }
        table.print(System.out);
        return null;
    }
}
