package org.vigil.resource.shell;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.OperationRecord;
import org.vigil.api.resource.ResourceOperation;

/** Runs one operation on a resource through the manager (queued behind any running one), prints the result, fails when it failed. */
public abstract class OperationCommand extends ResourceCommandSupport {

    private static final Set<OcfStatus> RUNNING = EnumSet.of(OcfStatus.SUCCESS, OcfStatus.DEGRADED,
        OcfStatus.RUNNING_PROMOTED, OcfStatus.DEGRADED_PROMOTED);

    @Argument(index = 0, name = "resource", description = "The resource, e.g. script:httpd (see resource:list)", required = true)
    @Completion(ResourceNameCompleter.class)
    String resource;

    /** @return the operation this command runs */
    abstract ResourceOperation operation();

    @Override
    public Object execute() throws Exception {
        requireResource(resource);
        String verb = operation().name().toLowerCase(Locale.ROOT);
        OperationRecord r = await(manager.run(resource, operation()), verb + " of " + resource);
        boolean ok = operation() == ResourceOperation.MONITOR ? RUNNING.contains(r.result().status()) : r.result().isSuccess();
        if (json) {
            System.out.println(toJson(recordMap(r)));
        } else {
            System.out.println("Resource " + resource + ": " + verb + " " + r.result().status() + " in " + seconds(r.took())
                + (r.result().message() == null || r.result().message().isBlank() ? "" : " (" + r.result().message() + ")"));
        }
        if (!ok) {
            String what = operation() == ResourceOperation.MONITOR && r.result().status() == OcfStatus.NOT_RUNNING
                ? "is not running" : verb + " failed: " + r.result().status();
            throw new ResourceCommandException(resource + " " + what
                + (r.result().message() == null || r.result().message().isBlank() ? "" : ": " + r.result().message()));
        }
        return null;
    }
}
