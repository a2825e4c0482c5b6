package org.vigil.shell.ccs;

/** A configuration change or file was refused; the message gives every reason. */
public class ConfigRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigRefusedException(String message) {
        super(message);
    }
}
