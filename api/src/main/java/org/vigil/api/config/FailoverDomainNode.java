package org.vigil.api.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A {@code <failoverdomainnode>}: a member of a failover domain.
 *
 * @param attributes every attribute as written, in order ({@code name}, {@code priority})
 * @param extra      child elements, kept as written
 */
public record FailoverDomainNode(Map<String, String> attributes, List<ConfigElement> extra) {

    /** Copies the attributes (keeping their order) and the extras. */
    public FailoverDomainNode {
        attributes = Secrets.ordered(attributes);
        extra = List.copyOf(extra);
    }

    /**
     * @param node     the clusternode's name
     * @param priority its priority (1 is the highest), or empty
     * @return a member
     */
    public static FailoverDomainNode of(String node, OptionalInt priority) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", node);
        priority.ifPresent(p -> a.put("priority", Integer.toString(p)));
        return new FailoverDomainNode(a, List.of());
    }

    /** @return the clusternode's name; empty when not written */
    public String name() {
        return attributes.getOrDefault("name", "");
    }

    /** @return the priority (1 is the highest; used when the domain is ordered), if written as a whole number */
    public OptionalInt priority() {
        try {
            String p = attributes.get("priority");
            return p == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(p.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
