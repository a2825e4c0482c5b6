package org.vigil.api.config;

import java.util.List;
import java.util.Map;

/**
 * How a configuration was written in {@code cluster.conf}, for the parts the typed records
 * ({@link NodeDefinition}, {@link QuorumSettings}, {@link TotemSettings},
 * {@link QuorumDiskSettings}) do not keep: attributes Vigil does not read, attributes left at
 * their defaults, the order of the sections, and sections Vigil does not model. Writing the
 * configuration back reproduces them; a configuration made in code has {@link #none()}.
 *
 * @param clusterAttributes the attributes of {@code <cluster>} as written, in order
 * @param sections          the children of {@code <cluster>} in order: unmodelled sections
 *                          ({@code <fence_daemon>}, {@code <logging>}, ...) as written;
 *                          {@code <cman>}, {@code <totem>} and {@code <quorumd>} with their
 *                          attributes as written and their children (e.g.
 *                          {@code <multicast>}, {@code <heuristic>}); {@code <clusternodes>}
 *                          and {@code <fencedevices>} with their attributes, and their
 *                          children only as place markers plus any unmodelled child;
 *                          {@code <rm>} as a place marker
 * @param nodes             by node name: its {@code <clusternode>} with the attributes as
 *                          written, and its children ({@code <fence>} as a place marker with
 *                          its attributes and markers, others as written)
 */
public record XmlLayout(Map<String, String> clusterAttributes, List<ConfigElement> sections,
                        Map<String, ConfigElement> nodes) {

    /** Copies the attributes (keeping their order) and the rest. */
    public XmlLayout {
        clusterAttributes = Secrets.ordered(clusterAttributes);
        sections = List.copyOf(sections);
        nodes = Map.copyOf(nodes);
    }

    /** @return no layout: the document is written in Vigil's own order */
    public static XmlLayout none() {
        return new XmlLayout(Map.of(), List.of(), Map.of());
    }
}
