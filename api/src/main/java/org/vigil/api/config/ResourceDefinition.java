package org.vigil.api.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource of the resource manager, generic over its type: a shared resource of
 * {@code <rm><resources>} (e.g. {@code <ip address="10.0.0.5" monitor_link="1"/>},
 * {@code <script name="httpd" file="/etc/init.d/httpd"/>}, {@code <netfs .../>},
 * {@code <clusterfs .../>}, {@code <fs .../>}), or a node of a service's resource tree: either
 * a reference to a shared resource ({@code <ip ref="10.0.0.5"/>}) or a resource defined inline.
 * Children start after their parent and stop before it.
 *
 * @param type       the element name: the resource type ({@code ip}, {@code script}, ...)
 * @param attributes every attribute as written, in order (the resource's parameters)
 * @param children   the child resources, in order
 */
public record ResourceDefinition(String type, Map<String, String> attributes, List<ResourceDefinition> children) {

    /** Copies the attributes (keeping their order) and the children. */
    public ResourceDefinition {
        attributes = Secrets.ordered(attributes);
        children = List.copyOf(children);
    }

    /** @return the shared resource this one refers to ({@code ref}), if it is a reference */
    public Optional<String> ref() {
        return Optional.ofNullable(attributes.get("ref"));
    }

    /**
     * @return the attribute that names a resource of this type, as references use it:
     *         {@code address} for {@code ip}, else {@code name}
     */
    public String keyAttribute() {
        return keyAttribute(type);
    }

    /**
     * @param type a resource type
     * @return the attribute that names a resource of that type: {@code address} for {@code ip}, else {@code name}
     */
    public static String keyAttribute(String type) {
        return "ip".equals(type) ? "address" : "name";
    }

    /** @return the resource's name (its {@link #keyAttribute()}), or its {@code ref} for a reference; empty if neither */
    public String key() {
        return ref().orElse(attributes.getOrDefault(keyAttribute(), ""));
    }

    /** Secrets are masked. */
    @Override
    public String toString() {
        return type + Secrets.masked(attributes) + (children.isEmpty() ? "" : children.toString());
    }
}
