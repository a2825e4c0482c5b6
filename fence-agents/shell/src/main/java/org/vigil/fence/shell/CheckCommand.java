package org.vigil.fence.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceDeviceInfo;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.FencingService;

/** Checks every configured fence device answers now (the agents' MONITOR action). */
@Service
@Command(scope = "fence", name = "check", description = "Checks every configured fence device answers (monitor); fails when one does not")
public class CheckCommand extends FenceCommandSupport {

    @Override
    public Object execute() throws Exception {
        requireConfiguration();
        FencingService f = requireFencing();
        List<FenceDeviceInfo> devices = f.devices();
        List<Map<String, Object>> rows = new ArrayList<>();
        int failed = 0;
        for (FenceDeviceInfo d : devices) {
            FenceResult r = f.execute(d.name(), FenceAction.MONITOR, null);
            if (!r.success()) {
                failed++;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("device", d.name());
            row.put("agent", d.agent());
            row.put("type", d.type());
            row.put("ok", r.success());
            row.put("message", r.message());
            rows.add(row);
        }
        if (json) {
            System.out.println(toJson(rows));
        } else if (rows.isEmpty()) {
            System.out.println("No fence device is configured (<fencedevices> is empty)");
        } else {
            ShellTable table = new ShellTable();
            table.column("Device");
            table.column("Agent");
            table.column("Type");
            table.column("Result");
            table.column("Message");
            for (Map<String, Object> r : rows) {
                table.addRow().addContent(r.get("device"), r.get("agent"), r.get("type"),
                    (Boolean) r.get("ok") ? "ok" : "FAILED", r.get("message"));
            }
            table.print(System.out);
        }
        if (failed > 0) {
            throw new FenceCommandException(failed + " of " + rows.size() + " fence devices failed the check");
        }
        return null;
    }
}
