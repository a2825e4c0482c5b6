package org.vigil.membership;

/** A datagram or message from another process was refused; the message says why. */
final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String reason) {
        super(reason, null, false, false);
    }
}
