package org.vigil.api.service;

/** The states clustat shows for a service. */
public enum ServiceState {
    /** Running on its owner. */
    STARTED,
    /** Being started on its owner. */
    STARTING,
    /** Being stopped. */
    STOPPING,
    /** Not running; will be started by policy (autostart) or an operator. */
    STOPPED,
    /** Not running and kept so until enabled. */
    DISABLED,
    /** Failed and not recoverable by policy; needs an operator. */
    FAILED,
    /** Its owner failed; waiting for fencing or being placed elsewhere. */
    RECOVERING
}
