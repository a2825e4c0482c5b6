package org.vigil.api.resource;

/**
 * The result of one agent operation.
 *
 * @param status  the OCF status
 * @param message the agent's own explanation, or the manager's ("timed out after 20 s")
 */
public record OcfResult(OcfStatus status, String message) {

    /** @return true for {@link OcfStatus#SUCCESS} */
    public boolean isSuccess() {
        return status == OcfStatus.SUCCESS;
    }
}
