package org.vigil.resource.manager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.resource.ResourceInstance;

/**
 * Every resource of {@code <rm>}: the shared ones of {@code <resources>} and each one written
 * inline in a service's tree, once each (references point to the shared ones). Names are
 * {@code element:key} as rgmanager shows them ({@code ip:10.0.0.5}, {@code script:httpd}); an
 * inline resource without a key is named by its place ({@code fs:web/2}). Element names map to
 * agent types with rgmanager's aliases.
 */
final class ConfiguredResources {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredResources.class);

    /** Element name → agent type, where they differ. */
    static final Map<String, String> ALIASES = Map.of("netfs", "nfs", "nfsexport", "nfsserver", "clusterfs", "gfs2");

    private ConfiguredResources() {
    }

    /**
     * @param element an element name of {@code <rm>}
     * @return the agent type that serves it
     */
    static String agentType(String element) {
        return ALIASES.getOrDefault(element, element);
    }

    /**
     * @param configuration a cluster configuration
     * @return its resources by name, in document order
     */
    static Map<String, ConfiguredResource> of(ClusterConfiguration configuration) {
        Map<String, ConfiguredResource> out = new LinkedHashMap<>();
        ResourceManager rm = configuration.resourceManager();
        for (ResourceDefinition shared : rm.resources()) {
            add(rm, shared, "resources", out);
        }
        for (ServiceDefinition service : rm.services()) {
            List<ResourceDefinition> tree = service.resources();
            for (int i = 0; i < tree.size(); i++) {
                add(rm, tree.get(i), service.name() + "/" + (i + 1), out);
            }
        }
        return out;
    }

    private static void add(ResourceManager rm, ResourceDefinition definition, String place,
                            Map<String, ConfiguredResource> out) {
        Optional<String> ref = definition.ref();
        if (ref.isPresent()) {
            if (rm.resource(definition.type(), ref.get()).isEmpty()) {
                LOG.warn("{} at {} refers to no shared resource {}:{}; left out", definition.type(), place,
                    definition.type(), ref.get());
            }
        } else {
            String key = definition.key();
            String name = definition.type() + ":" + (key.isEmpty() ? place : key);
            List<String> problems = new ArrayList<>();
            ResourceSettings settings = ResourceSettings.read(definition.attributes(), problems);
            ConfiguredResource resource = new ConfiguredResource(new ResourceInstance(name,
                agentType(definition.type()), ResourceSettings.agentParameters(definition.attributes())),
                definition.type(), settings, problems);
            ConfiguredResource earlier = out.putIfAbsent(name, resource);
            if (earlier != null && !earlier.instance().equals(resource.instance())) {
                LOG.warn("resource {} at {} is written twice with different attributes; the first one is used", name, place);
            }
        }
        List<ResourceDefinition> children = definition.children();
        for (int i = 0; i < children.size(); i++) {
            add(rm, children.get(i), place + "/" + (i + 1), out);
        }
    }
}
