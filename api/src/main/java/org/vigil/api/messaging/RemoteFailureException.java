package org.vigil.api.messaging;

/** The receiving node could not handle a request: its handler failed, or it has none. */
public class RemoteFailureException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message the remote node's explanation */
    public RemoteFailureException(String message) {
        super(message);
    }
}
