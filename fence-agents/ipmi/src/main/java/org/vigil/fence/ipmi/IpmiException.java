package org.vigil.fence.ipmi;

/**
 * A failed exchange with a BMC. The message is meant for people and for the fencing
 * history; it never contains the password.
 */
class IpmiException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    IpmiException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying error
     */
    IpmiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The BMC did not answer in time (UDP loss, wrong address or port, BMC down). */
    static final class NoAnswer extends IpmiException {
        private static final long serialVersionUID = 1L;

        NoAnswer(String message) {
            super(message);
        }
    }

    /** The BMC refused our credentials, or proved it does not know them (RAKP). */
    static final class AuthenticationFailed extends IpmiException {
        private static final long serialVersionUID = 1L;

        AuthenticationFailed(String message) {
            super(message);
        }
    }

    /** The BMC answered a command with a completion code other than 0. */
    static final class CompletionCode extends IpmiException {
        private static final long serialVersionUID = 1L;
        private final int code;

        CompletionCode(String command, int code) {
            super("BMC refused " + command + ": completion code " + Ipmi.hex(code) + " ("
                    + Ipmi.completionCodeText(code) + ")");
            this.code = code;
        }

        /** @return the completion code */
        int code() {
            return code;
        }
    }
}
