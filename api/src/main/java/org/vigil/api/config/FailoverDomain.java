package org.vigil.api.config;

import java.util.List;
import java.util.Map;

/**
 * A {@code <failoverdomain>} of {@code <rm><failoverdomains>}: the nodes a service may run on.
 * Flags are written {@code 1}/{@code 0} and are off when not written.
 *
 * @param attributes every attribute as written, in order ({@code name}, {@code ordered},
 *                   {@code restricted}, {@code nofailback}, ...)
 * @param nodes      the members, in order
 * @param extra      other child elements, kept as written (and where the members were written)
 */
public record FailoverDomain(Map<String, String> attributes, List<FailoverDomainNode> nodes,
                             List<ConfigElement> extra) {

    /** Copies the attributes (keeping their order) and the lists. */
    public FailoverDomain {
        attributes = Secrets.ordered(attributes);
        nodes = List.copyOf(nodes);
        extra = List.copyOf(extra);
    }

    /** @return the domain's name (unique); empty when not written */
    public String name() {
        return attributes.getOrDefault("name", "");
    }

    /** @return {@code ordered}: the service runs on the online member of highest priority */
    public boolean ordered() {
        return Secrets.flag(attributes, "ordered", false);
    }

    /** @return {@code restricted}: the service runs only on members (else on any node as a last resort) */
    public boolean restricted() {
        return Secrets.flag(attributes, "restricted", false);
    }

    /** @return {@code nofailback}: a service does not move back when a higher-priority member returns */
    public boolean noFailback() {
        return Secrets.flag(attributes, "nofailback", false);
    }
}
