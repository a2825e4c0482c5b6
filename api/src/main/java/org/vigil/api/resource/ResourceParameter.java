package org.vigil.api.resource;

import java.util.Optional;

/**
 * One parameter of a resource type (its metadata).
 *
 * @param name         the name, e.g. {@code address}
 * @param required     whether every resource of the type must give it
 * @param unique       whether no two resources of the type may share its value
 * @param defaultValue the value used when not given
 * @param description  one sentence for people
 */
public record ResourceParameter(String name, boolean required, boolean unique, Optional<String> defaultValue,
                                String description) {
}
