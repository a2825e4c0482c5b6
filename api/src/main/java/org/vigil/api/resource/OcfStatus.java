package org.vigil.api.resource;

import java.util.Arrays;

/** The result codes of the OCF resource agent standard, with their meaning. */
public enum OcfStatus {
    /** The action succeeded; for monitor: running. */
    SUCCESS(0),
    /** The action failed for a reason the agent explains. */
    ERR_GENERIC(1),
    /** Wrong or missing arguments. */
    ERR_ARGS(2),
    /** The action is not implemented by the agent. */
    ERR_UNIMPLEMENTED(3),
    /** Not permitted. */
    ERR_PERM(4),
    /** Something the agent needs is not installed on this node. */
    ERR_INSTALLED(5),
    /** The configuration is wrong (the same everywhere, so no other node will do better). */
    ERR_CONFIGURED(6),
    /** For monitor: cleanly not running (not a failure). */
    NOT_RUNNING(7),
    /** Running in the promoted role. */
    RUNNING_PROMOTED(8),
    /** Failed in the promoted role. */
    FAILED_PROMOTED(9),
    /** Running, but degraded. */
    DEGRADED(190),
    /** Promoted, but degraded. */
    DEGRADED_PROMOTED(191),
    /** The operation overran its timeout and was stopped (not an agent code). */
    TIMED_OUT(-1),
    /** No agent of the resource's type is installed now (not an agent code). */
    AGENT_MISSING(-2);

    private final int code;

    OcfStatus(int code) {
        this.code = code;
    }

    /** @return the exit code (negative for the two states that are not agent codes) */
    public int code() {
        return code;
    }

    /**
     * Maps an agent's exit code.
     *
     * @param exitCode an OCF exit code
     * @return its status; unknown codes are {@link #ERR_GENERIC}
     */
    public static OcfStatus fromExitCode(int exitCode) {
        return Arrays.stream(values()).filter(s -> s.code == exitCode && s.code >= 0).findFirst().orElse(ERR_GENERIC);
    }
}
