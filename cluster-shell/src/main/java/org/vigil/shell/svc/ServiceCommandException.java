package org.vigil.shell.svc;

/** A {@code svc:} command failed; the message says why. */
public class ServiceCommandException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why */
    public ServiceCommandException(String message) {
        super(message);
    }
}
