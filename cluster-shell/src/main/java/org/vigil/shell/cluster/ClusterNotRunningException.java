package org.vigil.shell.cluster;

/** This node is not (or not yet) part of a cluster; the message says why. */
public class ClusterNotRunningException extends Exception {
    private static final long serialVersionUID = 1L;

    ClusterNotRunningException(String message) {
        super(message);
    }
}
