package org.vigil.fence.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;

/** The installed fence agent types with their metadata (parameters, actions). */
@Service
@Command(scope = "fence", name = "agents", description = "Lists the installed fence agent types with their parameters and actions")
public class AgentsCommand extends FenceCommandSupport {

    @Reference(optional = true)
    List<FenceAgent> agents;

    @Override
    public Object execute() throws Exception {
        List<FenceAgentMetadata> all = new ArrayList<>();
        if (agents != null) {
            for (FenceAgent a : agents) {
                all.add(a.metadata());
            }
        }
        all.sort(Comparator.comparing(FenceAgentMetadata::type));
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (FenceAgentMetadata m : all) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("type", m.type());
                row.put("description", m.description());
                row.put("actions", m.actions().stream().map(Enum::name).sorted().toList());
                List<Map<String, Object>> params = new ArrayList<>();
                for (AgentParameter p : m.parameters()) {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("name", p.name());
                    pm.put("type", p.type().name());
                    pm.put("required", p.required());
                    pm.put("default", p.secret() ? null : p.defaultValue().orElse(null));
                    pm.put("secret", p.secret());
                    pm.put("choices", p.choices());
                    pm.put("description", p.description());
                    params.add(pm);
                }
                row.put("parameters", params);
                out.add(row);
            }
            System.out.println(toJson(out));
            return null;
        }
        if (all.isEmpty()) {
            System.out.println("No fence agent is installed (install the features vigil-fence-ipmi, vigil-fence-pdu, ...)");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Actions");
        table.column("Parameters (* required, secret shown as ****)");
        table.column("Description");
        for (FenceAgentMetadata m : all) {
            String params = m.parameters().stream()
                .map(p -> p.name() + (p.required() ? "*" : "") + (p.secret() ? "=****"
                    : p.defaultValue().map(d -> "=" + d).orElse("")))
                .collect(Collectors.joining(" "));
            String actions = m.actions().stream().map(a -> a.name().toLowerCase(java.util.Locale.ROOT)).sorted()
                .collect(Collectors.joining(","));
            table.addRow().addContent(m.type(), actions, params, m.description());
        }
        table.print(System.out);
        return null;
    }
}
