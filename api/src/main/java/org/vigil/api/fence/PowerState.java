package org.vigil.api.fence;

/** A plug's power state as a device reports it. */
public enum PowerState {
    /** Powered on. */
    ON,
    /** Powered off. */
    OFF,
    /** Not reported (the action did not ask, or the device could not tell). */
    UNKNOWN
}
