package org.vigil.fence.external;

/**
 * A failure of one agent run, with a message fit for the fence result: it names the agent and
 * the reason and never contains a secret (callers scrub what the agent printed before they put
 * it in).
 */
final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    AgentException(String message) {
        super(message);
    }
}
