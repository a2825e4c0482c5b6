package org.vigil.fence.pdu;

/** A failure talking to the PDU, with a message for people that never contains a secret. */
final class PduException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, where and why */
    PduException(String message) {
        super(message);
    }
}
