package org.vigil.api.messaging;

/** The named node is not a member of the current view, so nothing can reach it. */
public class NodeUnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message says which node and why */
    public NodeUnreachableException(String message) {
        super(message);
    }
}
