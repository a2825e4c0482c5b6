package org.vigil.api.resource;

import java.util.Map;

/**
 * One configured resource: a name, its type and its parameters.
 *
 * @param name       unique among resources, e.g. {@code web-ip}
 * @param type       the resource type
 * @param parameters its parameters by name
 */
public record ResourceInstance(String name, String type, Map<String, String> parameters) {

    /** Copies the parameters. */
    public ResourceInstance {
        parameters = Map.copyOf(parameters);
    }
}
