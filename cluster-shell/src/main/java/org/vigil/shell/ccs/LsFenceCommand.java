package org.vigil.shell.ccs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.Secrets;

/** ccs_tool lsfence: the fence devices and their agents. */
@Service
@Command(scope = "ccs", name = "lsfence", description = "Lists the fence devices and their agents, as ccs_tool lsfence (passwords as ****)")
public class LsFenceCommand extends CcsCommandSupport {

    @Option(name = "--json", description = "Print JSON for scripts instead of a table")
    boolean json;

    @Option(name = "-v", aliases = "--verbose", description = "Also show each device's parameters (passwords as ****)")
    boolean verbose;

    @Override
    public Object execute() throws Exception {
        ClusterConfiguration c = requireConfiguration();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (FenceDevice d : c.fenceDevices()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", d.name());
                row.put("agent", d.agent());
                row.put("parameters", Secrets.masked(d.parameters()));
                out.add(row);
            }
            System.out.println(toJson(out));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Agent");
        if (verbose) {
            table.column("Properties");
        }
        for (FenceDevice d : c.fenceDevices()) {
            var row = table.addRow();
            row.addContent(d.name(), d.agent());
            if (verbose) {
                StringBuilder s = new StringBuilder();
                Secrets.masked(d.parameters()).forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
                row.addContent(s.toString());
            }
        }
        table.print(System.out);
        return null;
    }
}
