package org.vigil.api.fence;

import java.time.Duration;
import java.util.Map;

/**
 * One fence device type (IPMI, iLO, an APC PDU, manual, ...). Register each as an OSGi
 * service with the property {@value #TYPE_PROPERTY}; the fencing daemon tracks them, so
 * an agent bundle can be deployed into or removed from a running node.
 */
public interface FenceAgent {

    /** Service property naming the device type an agent serves. */
    String TYPE_PROPERTY = "vigil.fence.type";

    /** @return the agent's type and parameters */
    FenceAgentMetadata metadata();

    /**
     * The parameters a particular device of this type takes. Most agents take the same for every
     * device; the {@code external} adapter answers with the metadata of the ClusterLabs agent
     * the device names (its {@code agent} parameter), so a device can be validated against it.
     *
     * @param deviceParameters the device's parameters (secrets included; never logged)
     * @return the metadata to check that device against
     */
    default FenceAgentMetadata metadata(Map<String, String> deviceParameters) {
        return metadata();
    }

    /**
     * Runs one action against one device.
     *
     * @param action     what to do
     * @param parameters the device's parameters merged with the node's per-device ones
     *                   (names as in the metadata), secrets included
     * @param plug       the plug, outlet or port for node-specific actions; may be null
     * @param timeout    the time the action may take; the agent stops and fails after it
     * @return the outcome; failures are results, not exceptions
     */
    FenceResult execute(FenceAction action, Map<String, String> parameters, String plug, Duration timeout);
}
