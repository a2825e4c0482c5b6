package org.vigil.api.lock;

/** A lock request, conversion or lockspace operation failed. */
public class LockException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** NOQUEUE was asked and the lock could not be granted at once (EAGAIN). */
        NOT_GRANTED,
        /** A conversion deadlock was found (EDEADLK). */
        DEADLOCK,
        /** The request was cancelled. */
        CANCELLED,
        /** The lockspace was left or the node lost quorum. */
        LOCKSPACE_CLOSED,
        /** The request was not valid. */
        INVALID
    }

    private final Reason reason;

    /**
     * @param reason  the kind of failure
     * @param message details for people
     */
    public LockException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the kind of failure */
    public Reason reason() {
        return reason;
    }
}
