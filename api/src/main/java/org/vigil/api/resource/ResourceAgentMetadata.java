package org.vigil.api.resource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a resource type is and takes.
 *
 * @param type            the type, e.g. {@code ip}; equals the service's
 *                        {@value ResourceAgent#TYPE_PROPERTY} property
 * @param description     one sentence for people
 * @param parameters      the parameters it takes
 * @param defaultTimeouts the default timeout of each operation it supports
 */
public record ResourceAgentMetadata(String type, String description, List<ResourceParameter> parameters,
                                    Map<ResourceOperation, Duration> defaultTimeouts) {

    /** Copies the collections. */
    public ResourceAgentMetadata {
        parameters = List.copyOf(parameters);
        defaultTimeouts = Map.copyOf(defaultTimeouts);
    }
}
