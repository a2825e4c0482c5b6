package org.vigil.service.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ServiceDefinition;

/**
 * A service's resource tree as the local resource manager names its resources: {@code ip:10.0.0.5},
 * {@code script:web}, a reference {@code <ip ref="10.0.0.5"/>} by the shared resource's name, an
 * inline resource without a key by its place ({@code fs:web/2}). The start order is the tree's
 * pre-order (a parent before its children, siblings in order); the stop order is its reverse.
 */
final class ServiceTree {

    private ServiceTree() {
    }

    /**
     * @param config  the configuration
     * @param service a service name
     * @return its resources in start order; empty when the service is unknown or has none
     */
    static List<String> startOrder(ClusterConfiguration config, String service) {
        Optional<ServiceDefinition> def = config.resourceManager().service(service);
        List<String> out = new ArrayList<>();
        if (def.isEmpty()) {
            return out;
        }
        List<ResourceDefinition> tree = def.get().resources();
        for (int i = 0; i < tree.size(); i++) {
            walk(tree.get(i), service + "/" + (i + 1), out);
        }
        return out;
    }

    /**
     * @param config  the configuration
     * @param service a service name
     * @return its resources in stop order (the reverse of the start order)
     */
    static List<String> stopOrder(ClusterConfiguration config, String service) {
        List<String> out = startOrder(config, service);
        java.util.Collections.reverse(out);
        return out;
    }

    private static void walk(ResourceDefinition r, String place, List<String> out) {
        String key = r.key();
        String name = r.type() + ":" + (key.isEmpty() ? place : key);
        if (!out.contains(name)) {
            out.add(name);
        }
        List<ResourceDefinition> children = r.children();
        for (int i = 0; i < children.size(); i++) {
            walk(children.get(i), place + "/" + (i + 1), out);
        }
    }
}
