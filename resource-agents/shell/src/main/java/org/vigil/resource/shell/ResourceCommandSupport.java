package org.vigil.resource.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.table.ShellTable;
import org.vigil.api.resource.LocalResourceManager;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceStatus;

/** What the {@code resource:} commands share: the manager, {@code --json}, tables, waiting for results. */
public abstract class ResourceCommandSupport implements Action {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** The longest a command waits for an operation (the manager's own timeouts end it sooner). */
    static final Duration WAIT = Duration.ofMinutes(10);

    @Reference
    LocalResourceManager manager;

    @Option(name = "--json", description = "Print JSON for scripts instead of a table")
    boolean json;

    String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Waits for a result of the manager. */
    static <T> T await(CompletableFuture<T> future, String what) throws ResourceCommandException {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceCommandException("interrupted while waiting for " + what + " (it goes on in the background)");
        } catch (TimeoutException e) {
            throw new ResourceCommandException(what + " did not end within " + WAIT.toMinutes() + " min");
        } catch (ExecutionException e) {
            throw new ResourceCommandException(what + " failed: " + e.getCause());
        }
    }

    /** Checks the name, saying which names exist. */
    void requireResource(String name) throws ResourceCommandException {
        List<ResourceStatus> all = manager.resources();
        if (all.stream().noneMatch(s -> s.resource().name().equals(name))) {
            throw new ResourceCommandException("no resource '" + name + "' is configured on this node"
                + (all.isEmpty() ? " (no resources: see <rm> in cluster.conf)" : "; resources: "
                    + String.join(", ", all.stream().map(s -> s.resource().name()).toList())));
        }
    }

    void printStatuses(List<ResourceStatus> statuses) {
        if (json) {
            System.out.println(toJson(statuses.stream().map(ResourceCommandSupport::statusMap).toList()));
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Resource");
        table.column("Type");
        table.column("State");
        table.column("Fails").alignRight();
        table.column("Last operation");
        table.column("Result");
        table.column("When");
        table.column("Reason");
        for (ResourceStatus s : statuses) {
            OperationRecord last = s.lastOperation().orElse(null);
            table.addRow().addContent(s.resource().name(), s.resource().type(), s.state(), s.failCount(),
                last == null ? "-" : op(last) + " (" + seconds(last.took()) + ")",
                last == null ? "-" : last.result().status(),
                last == null ? "-" : WHEN.format(last.startedAt()),
                last == null ? "" : last.result().message());
        }
        table.print(System.out);
    }

    static Map<String, Object> statusMap(ResourceStatus s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", s.resource().name());
        row.put("type", s.resource().type());
        row.put("state", s.state().name());
        row.put("failCount", s.failCount());
        row.put("lastOperation", s.lastOperation().map(ResourceCommandSupport::recordMap).orElse(null));
        return row;
    }

    static Map<String, Object> recordMap(OperationRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("resource", r.resource());
        row.put("operation", op(r));
        row.put("status", r.result().status().name());
        row.put("exitCode", r.result().status().code());
        row.put("message", r.result().message());
        row.put("startedAt", r.startedAt().toString());
        row.put("tookMs", r.took().toMillis());
        return row;
    }

    static String op(OperationRecord r) {
        return r.operation().name().toLowerCase(Locale.ROOT);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
}
