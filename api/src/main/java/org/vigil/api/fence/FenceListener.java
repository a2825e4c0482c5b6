package org.vigil.api.fence;

/** Told of every fencing outcome. Register as an OSGi service (whiteboard). */
@FunctionalInterface
public interface FenceListener {

    /** @param outcome what happened */
    void fenced(FenceOutcome outcome);
}
