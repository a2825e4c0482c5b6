package org.vigil.fence.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * fence_ack_manual: an operator states that a lost node is powered off, so fencing it is done
 * and its work may be recovered. Only run it after making sure the node really is off.
 */
@Service
@Command(scope = "fence", name = "ack", description = "Acknowledges that a lost node is powered off (fence_ack_manual)")
public class AckCommand extends FenceCommandSupport {

    @Argument(index = 0, name = "node", description = "The lost node, already powered off by you", required = true)
    @Completion(NodeNameCompleter.class)
    String node;

    @Override
    public Object execute() throws Exception {
        requireNode(requireConfiguration(), node);
        try {
            requireFencing().acknowledge(node);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FenceCommandException("fence:ack " + node + ": " + e.getMessage());
        }
        System.out.println(node + " is acknowledged as fenced: its work may now be recovered");
        return null;
    }
}
