package org.vigil.fence.shell;

import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceOutcome;

/** fence_node: fences a node now with its configured methods, in order (one round). */
@Service
@Command(scope = "fence", name = "node", description = "Fences a node now with its fence methods, as fence_node does")
public class NodeCommand extends FenceCommandSupport {

    @Argument(index = 0, name = "node", description = "The node to fence", required = true)
    @Completion(NodeNameCompleter.class)
    String node;

    @Option(name = "--action", description = "off or reboot (default: reboot; a device's own action=\"off\" wins)")
    @Completion(value = StringsCompleter.class, values = {"off", "reboot"})
    String action = "reboot";

    @Option(name = "--timeout", description = "How long to wait for the outcome, in seconds (default 600)")
    int timeoutSeconds = 600;

    @Override
    public Object execute() throws Exception {
        requireNode(requireConfiguration(), node);
        FenceAction a = switch (action == null ? "" : action.strip().toLowerCase(Locale.ROOT)) {
            case "off" -> FenceAction.OFF;
            case "reboot" -> FenceAction.REBOOT;
            default -> throw new FenceCommandException("--action must be off or reboot, not '" + action + "'");
        };
        System.out.println("Fencing " + node + " (" + a.name().toLowerCase(Locale.ROOT) + ") ...");
        FenceOutcome o;
        try {
            o = requireFencing().fence(node, a).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new FenceCommandException("Fencing " + node + ": no outcome after " + timeoutSeconds
                + " s; see fence:history and data/log/karaf.log");
        } catch (ExecutionException e) {
            throw new FenceCommandException("Fencing " + node + " failed: " + e.getCause().getMessage());
        }
        if (!o.success()) {
            throw new FenceCommandException("Fencing " + node + " failed: " + o.message());
        }
        System.out.println("Fencing " + node + " ... success: " + o.message());
        return null;
    }
}
