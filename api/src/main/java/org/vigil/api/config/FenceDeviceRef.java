package org.vigil.api.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <device>} of a fence {@code <method>}: names a {@link FenceDevice} and gives the
 * parameters for this node, e.g. {@code <device name="apc" port="3"/>} or
 * {@code <device name="manual_fence" nodename="web1"/>}. These parameters add to (and
 * override) the device's own when the node is fenced.
 *
 * @param attributes every attribute as written, in order: {@code name} and the per-node parameters
 * @param extra      child elements, kept as written
 */
public record FenceDeviceRef(Map<String, String> attributes, List<ConfigElement> extra) {

    /** Copies the attributes (keeping their order) and the extras. */
    public FenceDeviceRef {
        attributes = Secrets.ordered(attributes);
        extra = List.copyOf(extra);
    }

    /**
     * @param device     the fence device's name
     * @param parameters the per-node parameters, in order
     * @return a reference with those attributes
     */
    public static FenceDeviceRef of(String device, Map<String, String> parameters) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", device);
        a.putAll(parameters);
        return new FenceDeviceRef(a, List.of());
    }

    /** @return the name of the {@link FenceDevice}; empty when not written */
    public String name() {
        return attributes.getOrDefault("name", "");
    }

    /** @return the per-node parameters (every attribute but name), in order, unmasked */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>(attributes);
        p.remove("name");
        return Secrets.ordered(p);
    }

    /** Secrets are masked. */
    @Override
    public String toString() {
        return "FenceDeviceRef" + Secrets.masked(attributes);
    }
}
