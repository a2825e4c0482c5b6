package org.vigil.api.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An XML element of {@code cluster.conf} kept as written: an element Vigil does not model
 * (e.g. {@code <fence_daemon>}, {@code <logging>}, {@code <cman><multicast/></cman>},
 * {@code <rm><vm/></rm>}), so that it is written back unchanged. In the {@code extra} and
 * {@link XmlLayout} lists of the model, an element named like a modelled child (e.g.
 * {@code <service>} among the extras of {@link ResourceManager}) only marks where those
 * children were written; its content comes from the model.
 *
 * @param name       the element name
 * @param attributes every attribute, in document order
 * @param children   the child elements, in document order (text content is not kept)
 */
public record ConfigElement(String name, Map<String, String> attributes, List<ConfigElement> children) {

    /** Copies the attributes (keeping their order) and children. */
    public ConfigElement {
        attributes = Secrets.ordered(attributes);
        children = List.copyOf(children);
    }

    /**
     * @param name an element name
     * @return an element of that name without attributes or children
     */
    public static ConfigElement of(String name) {
        return new ConfigElement(name, Map.of(), List.of());
    }

    /**
     * @param attribute an attribute name
     * @return its value, if written
     */
    public Optional<String> attribute(String attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** Secrets are masked: see {@link Secrets}. */
    @Override
    public String toString() {
        return "<" + name + " " + Secrets.masked(attributes) + (children.isEmpty() ? "/>" : ">" + children + "</" + name + ">");
    }
}
