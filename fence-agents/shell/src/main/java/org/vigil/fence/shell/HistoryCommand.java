package org.vigil.fence.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.fence.FenceOutcome;

/** The fencing history: every outcome, oldest first (optionally of one node). */
@Service
@Command(scope = "fence", name = "history", description = "Shows the fencing history (outcomes, oldest first)")
public class HistoryCommand extends FenceCommandSupport {

    @Argument(index = 0, name = "node", description = "Only this node's outcomes")
    @Completion(NodeNameCompleter.class)
    String node;

    @Override
    public Object execute() throws Exception {
        List<FenceOutcome> all = new ArrayList<>();
        for (FenceOutcome o : requireFencing().history()) {
            if (node == null || node.equals(o.node())) {
                all.add(o);
            }
        }
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (FenceOutcome o : all) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("node", o.node());
                row.put("action", o.action().name());
                row.put("success", o.success());
                row.put("device", o.device());
                row.put("by", o.by());
                row.put("finishedAt", o.finishedAt().toString());
                row.put("message", o.message());
                out.add(row);
            }
            System.out.println(toJson(out));
            return null;
        }
        if (all.isEmpty()) {
            System.out.println(node == null ? "No fencing has happened" : "No fencing of " + node + " has happened");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("When");
        table.column("Node");
        table.column("Action");
        table.column("Result");
        table.column("Device");
        table.column("By");
        table.column("Message");
        for (FenceOutcome o : all) {
            table.addRow().addContent(WHEN.format(o.finishedAt()), o.node(), o.action().name().toLowerCase(Locale.ROOT),
                o.success() ? "success" : "FAILED", o.device(), o.by(), o.message());
        }
        table.print(System.out);
        return null;
    }
}
