package org.vigil.api.resource;

/** What the local resource manager knows of a resource on this node. */
public enum ResourceState {
    /** Not probed yet. */
    UNKNOWN,
    /** Running here. */
    RUNNING,
    /** Not running here. */
    STOPPED,
    /** Start, stop or monitor failed; see the last operation. */
    FAILED,
    /** No agent of its type is installed now. */
    AGENT_MISSING
}
