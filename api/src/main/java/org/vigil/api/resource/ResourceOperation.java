package org.vigil.api.resource;

/** The operations the local resource manager runs on a resource. */
public enum ResourceOperation {
    /** Bring the resource up here. */
    START,
    /** Take it down here. */
    STOP,
    /** Check it (status). */
    MONITOR,
    /** Check its parameters without touching anything. */
    VALIDATE
}
