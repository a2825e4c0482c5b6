package org.vigil.resource.gfs2;

import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;

/** Ends an operation early with a result (thrown inside the agent, never out of it). */
final class AgentFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient OcfResult result;

    AgentFailure(OcfStatus status, String message) {
        super(message, null, false, false);
        this.result = new OcfResult(status, message);
    }

    /** @return the result to report */
    OcfResult result() {
        return result;
    }
}
