package org.vigil.shell.svc;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.service.ServiceDecision;
import org.vigil.api.service.ServiceManager;
import org.vigil.api.service.ServiceStatus;

/** clustat's service list: each service with owner (last owner) and state; {@code --why} adds the reasons and the last decisions. */
@Service
@Command(scope = "svc", name = "list", description = "Lists the services with owner and state, as clustat does; --why shows the reasons and the last decisions")
public class ListCommand extends SvcCommandSupport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
        .withZone(ZoneId.systemDefault());

    @Option(name = "--why", description = "Show why each service is where it is, and the coordinator's last decisions")
    boolean why;

    @Override
    public Object execute() throws Exception {
        ServiceManager m = requireManager();
        List<ServiceStatus> services = m.services();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("locked", m.isLocked());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ServiceStatus s : services) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", s.name());
                row.put("state", s.state().name().toLowerCase(Locale.ROOT));
                row.put("owner", s.owner().orElse(null));
                row.put("lastOwner", s.lastOwner().orElse(null));
                row.put("frozen", s.frozen());
                row.put("since", s.since().equals(Instant.EPOCH) ? null : s.since().toString());
                row.put("reason", s.reason());
                rows.add(row);
            }
            out.put("services", rows);
            if (why) {
                List<Map<String, Object>> decisions = new ArrayList<>();
                for (ServiceDecision d : m.decisions()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", d.at().toString());
                    row.put("service", d.service());
                    row.put("action", d.action());
                    row.put("reason", d.reason());
                    decisions.add(row);
                }
                out.put("decisions", decisions);
            }
            System.out.println(toJson(out));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Service Name");
        table.column("Owner (Last)");
        table.column("State");
        if (why) {
            table.column("Why");
        }
        for (ServiceStatus s : services) {
            if (why) {
                table.addRow().addContent("service:" + s.name(), ownerCell(s), stateCell(s), s.reason());
            } else {
                table.addRow().addContent("service:" + s.name(), ownerCell(s), stateCell(s));
            }
        }
        table.print(System.out);
        if (m.isLocked()) {
            System.out.println("The service manager is locked: no service moves between nodes (svc:unlock)");
        }
        if (why) {
            System.out.println();
            System.out.println("Last decisions (oldest first):");
            List<ServiceDecision> decisions = m.decisions();
            if (decisions.isEmpty()) {
                System.out.println("  none");
            }
            for (ServiceDecision d : decisions) {
                System.out.println("  " + WHEN.format(d.at()) + "  " + d.action() + ": " + d.reason());
            }
        }
        return null;
    }
}
