package org.vigil.api.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resource manager's section, {@code <rm>}: failover domains, shared resources and services.
 *
 * @param attributes     the attributes of {@code <rm>} as written, in order (e.g. {@code log_level})
 * @param failoverDomains the failover domains, in order
 * @param resources      the shared resources of {@code <resources>}, in order
 * @param services       the services, in order
 * @param extra          other child elements ({@code <vm>}, {@code <events>}, ...) kept as written, and
 *                       where {@code <failoverdomains>}, {@code <resources>} and the services were written
 *                       (an empty {@code <failoverdomains/>} is kept this way)
 */
public record ResourceManager(Map<String, String> attributes, List<FailoverDomain> failoverDomains,
                              List<ResourceDefinition> resources, List<ServiceDefinition> services,
                              List<ConfigElement> extra) {

    /** Copies the attributes (keeping their order) and the lists. */
    public ResourceManager {
        attributes = Secrets.ordered(attributes);
        failoverDomains = List.copyOf(failoverDomains);
        resources = List.copyOf(resources);
        services = List.copyOf(services);
        extra = List.copyOf(extra);
    }

    /** @return a resource manager with nothing configured */
    public static ResourceManager empty() {
        return new ResourceManager(Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** @return whether nothing is configured nor kept */
    public boolean isEmpty() {
        return attributes.isEmpty() && failoverDomains.isEmpty() && resources.isEmpty() && services.isEmpty()
            && extra.isEmpty();
    }

    /**
     * @param name a domain name
     * @return the failover domain of that name
     */
    public Optional<FailoverDomain> failoverDomain(String name) {
        return failoverDomains.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * @param name a service name
     * @return the service of that name
     */
    public Optional<ServiceDefinition> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * @param type a resource type
     * @param key  its name ({@link ResourceDefinition#key()})
     * @return the shared resource of that type and name
     */
    public Optional<ResourceDefinition> resource(String type, String key) {
        return resources.stream().filter(r -> r.type().equals(type) && r.key().equals(key)).findFirst();
    }
}
