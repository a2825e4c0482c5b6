package org.vigil.api.resource;

import java.time.Duration;

/**
 * One resource type. Register as an OSGi service with {@value #TYPE_PROPERTY}; the local
 * resource manager tracks them, so a type can be deployed into or removed from a running
 * node. The manager runs at most one operation per resource at a time and enforces the
 * timeout; an agent should still stop on its own when the timeout passes.
 */
public interface ResourceAgent {

    /** Service property naming the resource type an agent serves. */
    String TYPE_PROPERTY = "vigil.resource.type";

    /** @return the type's parameters and default timeouts */
    ResourceAgentMetadata metadata();

    /**
     * Runs one operation.
     *
     * @param operation what to do
     * @param resource  the resource
     * @param timeout   how long it may take
     * @return the OCF result; failures are results, not exceptions
     */
    OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout);
}
