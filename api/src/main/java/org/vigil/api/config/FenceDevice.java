package org.vigil.api.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <fencedevice>} of {@code <fencedevices>}: a device nodes are fenced with, e.g.
 * {@code <fencedevice name="ipmi_db1" agent="fence_ipmilan" ipaddr="10.0.0.11" login="admin" passwd="..."/>}.
 * Its {@link #toString()} masks secrets ({@link Secrets}).
 *
 * @param attributes every attribute as written, in order: {@code name}, {@code agent}, and
 *                   the agent's parameters
 * @param extra      child elements, kept as written (RHCS devices have none)
 */
public record FenceDevice(Map<String, String> attributes, List<ConfigElement> extra) {

    /** Copies the attributes (keeping their order) and the extras. */
    public FenceDevice {
        attributes = Secrets.ordered(attributes);
        extra = List.copyOf(extra);
    }

    /**
     * @param name       the device name (unique)
     * @param agent      the agent, e.g. {@code fence_ipmilan}
     * @param parameters the agent's parameters, in order
     * @return a device with those attributes
     */
    public static FenceDevice of(String name, String agent, Map<String, String> parameters) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("agent", agent);
        a.putAll(parameters);
        return new FenceDevice(a, List.of());
    }

    /** @return the device name; empty when not written */
    public String name() {
        return attributes.getOrDefault("name", "");
    }

    /** @return the agent; empty when not written */
    public String agent() {
        return attributes.getOrDefault("agent", "");
    }

    /** @return the agent's parameters (every attribute but name and agent), in order, unmasked */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>(attributes);
        p.remove("name");
        p.remove("agent");
        return Secrets.ordered(p);
    }

    /** Secrets are masked. */
    @Override
    public String toString() {
        return "FenceDevice" + Secrets.masked(attributes);
    }
}
