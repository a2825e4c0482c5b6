package org.vigil.api.quorum;

/**
 * Told when the quorum state changes (quorate or not, or any figure). Register as an
 * OSGi service (whiteboard); calls come one at a time from the quorum service's thread.
 */
@FunctionalInterface
public interface QuorumListener {

    /**
     * @param previous the state before
     * @param current  the state now
     */
    void quorumChanged(QuorumState previous, QuorumState current);
}
