package org.vigil.resource.manager;

import java.util.List;
import org.vigil.api.resource.ResourceInstance;

/**
 * One resource of {@code <rm>} as the manager runs it.
 *
 * @param instance what the agent gets: name {@code element:key}, agent type, parameters
 * @param element  the element name it was written with ({@code netfs}, {@code clusterfs}, ...)
 * @param settings the manager's own attributes (interval, timeouts)
 * @param problems what is wrong with those attributes; non-empty: the resource is refused
 */
record ConfiguredResource(ResourceInstance instance, String element, ResourceSettings settings, List<String> problems) {

    /** Copies the list. */
    ConfiguredResource {
        problems = List.copyOf(problems);
    }

    /** @return the resource's name */
    String name() {
        return instance.name();
    }
}
