package org.vigil.shell.ccs;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.config.ConfigVersionInfo;

/** The configuration versions this node knows: when, on which node, what changed, which are kept. */
@Service
@Command(scope = "ccs", name = "history", description = "Lists the configuration versions: time, node that made it, change, running, kept (for ccs:rollback)")
public class HistoryCommand extends CcsCommandSupport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(name = "--json", description = "Print JSON for scripts instead of a table")
    boolean json;

    @Override
    public Object execute() throws Exception {
        List<ConfigVersionInfo> history = updater.history();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ConfigVersionInfo v : history) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("version", v.version());
                row.put("time", v.time().toString());
                row.put("node", v.node());
                row.put("change", v.change());
                row.put("running", v.running());
                row.put("kept", v.kept());
                out.add(row);
            }
            System.out.println(toJson(out));
            return null;
        }
        ShellTable table = new ShellTable().emptyTableText("no configuration versions on this node");
        table.column("Version").alignRight();
        table.column("Time");
        table.column("Node");
        table.column("Change");
        table.column("State");
        for (ConfigVersionInfo v : history) {
            table.addRow().addContent(v.version(), WHEN.format(v.time()), v.node(), v.change().isEmpty() ? "-" : v.change(),
                v.running() ? "running" : v.kept() ? "kept" : "gone");
        }
        table.print(System.out);
        return null;
    }
}
