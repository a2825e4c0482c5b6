package org.vigil.resource.support;

import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;

/** Ends an operation early with a result (thrown inside the agent, never out of it). */
public final class AgentFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient OcfResult result;

    /**
     * @param status  the OCF status to report
     * @param message why, for the result
     */
    public AgentFailure(OcfStatus status, String message) {
        super(message, null, false, false);
        this.result = new OcfResult(status, message);
    }

    /** @return the result to report */
    public OcfResult result() {
        return result;
    }
}
