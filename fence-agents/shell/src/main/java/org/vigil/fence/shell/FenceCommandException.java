package org.vigil.fence.shell;

/** A {@code fence:} command failed; the message says why (the command exits non-zero). */
public class FenceCommandException extends Exception {
    private static final long serialVersionUID = 1L;

    FenceCommandException(String message) {
        super(message);
    }
}
