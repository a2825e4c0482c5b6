package org.vigil.service.policy;

/**
 * What a node's resource manager says about one service on that node. A service that a node
 * does not mention is {@link #STOPPED} there.
 */
public enum ReportedState {
    /** Every resource of its tree is up and its monitors pass. */
    RUNNING,
    /** Its tree is being started (down the tree). */
    STARTING,
    /** Its tree is being stopped (up the tree). */
    STOPPING,
    /** Nothing of it runs on this node. */
    STOPPED,
    /**
     * Something failed: a start (what had started was stopped again, or could not be), a
     * monitor, or a stop. After a failed stop the node may still hold some of its resources.
     */
    FAILED;

    /** @return whether the service holds, or may be taking, resources on the node */
    public boolean active() {
        return this == RUNNING || this == STARTING || this == STOPPING;
    }
}
