package org.vigil.api.config;

import java.util.List;
import java.util.Map;

/**
 * A fence {@code <method>} of a clusternode: one fencing level. A node's methods are tried in
 * order until one succeeds; every device of a method must succeed for the method to succeed.
 *
 * @param attributes every attribute as written, in order ({@code name})
 * @param devices    the devices of this level, in order
 * @param extra      other child elements, kept as written (and where the devices were written)
 */
public record FenceMethod(Map<String, String> attributes, List<FenceDeviceRef> devices, List<ConfigElement> extra) {

    /** Copies the attributes (keeping their order) and the lists. */
    public FenceMethod {
        attributes = Secrets.ordered(attributes);
        devices = List.copyOf(devices);
        extra = List.copyOf(extra);
    }

    /**
     * @param name    the method's name, e.g. {@code 1} or {@code ipmi}
     * @param devices its devices, in order
     * @return a method of that name
     */
    public static FenceMethod of(String name, List<FenceDeviceRef> devices) {
        return new FenceMethod(Map.of("name", name), devices, List.of());
    }

    /** @return the method's name; empty when not written */
    public String name() {
        return attributes.getOrDefault("name", "");
    }

    /** Secrets are masked. */
    @Override
    public String toString() {
        return "FenceMethod" + Secrets.masked(attributes) + devices;
    }
}
