package org.vigil.resource.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceParameter;

/** The resource types installed on this node (the ResourceAgent services) with their metadata. */
@Service
@Command(scope = "resource", name = "types", description = "Lists the installed resource types with their parameters (* required, ! unique) and default timeouts")
public class TypesCommand extends ResourceCommandSupport {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() throws InvalidSyntaxException {
        List<ResourceAgentMetadata> types = new ArrayList<>();
        for (ServiceReference<ResourceAgent> ref : bundleContext.getServiceReferences(ResourceAgent.class, null)) {
            ResourceAgent agent = bundleContext.getService(ref);
            if (agent == null) {
                continue;
            }
            try {
                types.add(agent.metadata());
            } finally {
                bundleContext.ungetService(ref);
            }
        }
        print(types);
        return null;
    }

    void print(List<ResourceAgentMetadata> found) {
        List<ResourceAgentMetadata> types = found.stream().sorted(Comparator.comparing(ResourceAgentMetadata::type)).toList();
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ResourceAgentMetadata m : types) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("type", m.type());
                row.put("description", m.description());
                List<Map<String, Object>> params = new ArrayList<>();
                for (ResourceParameter p : m.parameters()) {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("name", p.name());
                    pm.put("required", p.required());
                    pm.put("unique", p.unique());
                    pm.put("default", p.defaultValue().orElse(null));
                    pm.put("description", p.description());
                    params.add(pm);
                }
                row.put("parameters", params);
                Map<String, Long> timeouts = new TreeMap<>();
                m.defaultTimeouts().forEach((op, d) -> timeouts.put(op.name().toLowerCase(Locale.ROOT), d.toSeconds()));
                row.put("defaultTimeoutsSeconds", timeouts);
                out.add(row);
            }
            System.out.println(toJson(out));
            return;
        }
        if (types.isEmpty()) {
            System.out.println("No resource types are installed on this node (no ResourceAgent services).");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Parameters");
        table.column("Timeouts");
        table.column("Description");
        for (ResourceAgentMetadata m : types) {
            String params = m.parameters().stream().map(p -> p.name() + (p.required() ? "*" : "") + (p.unique() ? "!" : "")
                + p.defaultValue().map(d -> "=" + d).orElse("")).collect(Collectors.joining(" "));
            String timeouts = new TreeMap<>(m.defaultTimeouts()).entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue().toSeconds() + "s")
                .collect(Collectors.joining(", "));
            table.addRow().addContent(m.type(), params, timeouts, m.description());
        }
        table.print(System.out);
    }
}
