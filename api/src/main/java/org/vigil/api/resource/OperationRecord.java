package org.vigil.api.resource;

import java.time.Duration;
import java.time.Instant;

/**
 * One operation the local resource manager ran.
 *
 * @param resource  the resource's name
 * @param operation the operation
 * @param result    its result
 * @param startedAt when it started
 * @param took      how long it took
 */
public record OperationRecord(String resource, ResourceOperation operation, OcfResult result, Instant startedAt,
                              Duration took) {
}
