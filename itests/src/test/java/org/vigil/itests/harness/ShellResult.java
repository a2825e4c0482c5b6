package org.vigil.itests.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one Karaf shell command run over ssh gave back.
 *
 * <p>Karaf 4.4 reports a failed command over an ssh exec channel with exit status 1 and the
 * text {@code Error executing command: MESSAGE} on stdout (see {@link #failed()}); a
 * command that is not installed gives exit status 1 and {@code Command not found: NAME}.
 * ANSI colour codes are already removed.
 *
 * @param node       the node it ran on
 * @param command    the command line
 * @param exitStatus the exit status Karaf reported (-1 if the channel closed without one)
 * @param stdout     what the command printed on stdout
 * @param stderr     what it printed on stderr
 */
public record ShellResult(String node, String command, int exitStatus, String stdout, String stderr) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The text Karaf's shell prints when a command throws. */
    public static final String KARAF_ERROR = "Error executing command";

    /** @return true when the command succeeded: exit status 0 and no Karaf error text */
    public boolean ok() {
        return exitStatus == 0 && !stdout.contains(KARAF_ERROR) && !stderr.contains(KARAF_ERROR);
    }

    /** @return true when the command failed */
    public boolean failed() {
        return !ok();
    }

    /** @return true when the shell does not know the command (its bundle is not active yet, or missing) */
    public boolean commandNotFound() {
        return output().contains("Command not found");
    }

    /** @return stdout and stderr together, for messages and for checks that do not care which */
    public String output() {
        if (stderr.isEmpty()) {
            return stdout;
        }
        return stdout.isEmpty() ? stderr : stdout + "\n" + stderr;
    }

    /**
     * @return this result if the command succeeded
     * @throws AssertionError naming the node, the command and what it printed, otherwise
     */
    public ShellResult assertOk() {
        if (failed()) {
            throw new AssertionError("'" + command + "' on " + node + " failed with exit status " + exitStatus + ":\n" + output());
        }
        return this;
    }

    /**
     * @return this result if the command failed
     * @throws AssertionError naming the node and the command, when it succeeded
     */
    public ShellResult assertFailed() {
        if (ok()) {
            throw new AssertionError("'" + command + "' on " + node + " should have failed but succeeded:\n" + output());
        }
        return this;
    }

    /**
     * @return stdout parsed as JSON, after checking the command succeeded
     * @throws AssertionError when it failed or did not print JSON
     */
    public JsonNode json() {
        assertOk();
        try {
            return JSON.readTree(stdout);
        } catch (JsonProcessingException e) {
            throw new AssertionError("'" + command + "' on " + node + " did not print JSON (" + e.getOriginalMessage() + "):\n" + stdout, e);
        }
    }

    @Override
    public String toString() {
        return node + "> " + command + " [exit " + exitStatus + "]\n" + output();
    }
}
