package org.vigil.resource.shell;

/** A {@code resource:} command failed; the message says why (the shell prints it and exits non-zero). */
public class ResourceCommandException extends Exception {
    private static final long serialVersionUID = 1L;

    ResourceCommandException(String message) {
        super(message);
    }
}
