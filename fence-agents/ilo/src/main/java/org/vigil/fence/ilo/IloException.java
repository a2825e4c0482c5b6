package org.vigil.fence.ilo;

/**
 * A fence action cannot go on: the iLO cannot be reached, refused the login or a command, timed
 * out, or answered something that is not what its protocol says. The message is for people and
 * never contains the password.
 */
final class IloException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, where and why */
    IloException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, where and why
     * @param cause   the underlying error (kept for debugging only: its text is not shown)
     */
    IloException(String message, Throwable cause) {
        super(message, cause);
    }
}
