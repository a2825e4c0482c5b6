package org.vigil.api.membership;

/**
 * Told about every new view. Register implementations as OSGi services (whiteboard);
 * the membership service calls them in view order, one at a time, from its own thread.
 * Keep the call short: hand real work to another thread.
 */
@FunctionalInterface
public interface MembershipListener {

    /**
     * A new view was installed.
     *
     * @param previous the view before (generation 0 with only the local node at start)
     * @param current  the new view
     */
    void viewChanged(MembershipView previous, MembershipView current);
}
