package org.vigil.api.resource;

import java.util.Optional;

/**
 * A resource's state on this node.
 *
 * @param resource      the resource
 * @param state         its state
 * @param failCount     failures not yet expired
 * @param lastOperation the last operation run, if any
 */
public record ResourceStatus(ResourceInstance resource, ResourceState state, int failCount,
                             Optional<OperationRecord> lastOperation) {
}
