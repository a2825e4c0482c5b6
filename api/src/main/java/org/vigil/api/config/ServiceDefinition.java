package org.vigil.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code <service>} of {@code <rm>}: a resource group, an ordered tree of resources that
 * runs on one node at a time.
 *
 * @param attributes every attribute as written, in order ({@code name}, {@code domain},
 *                   {@code autostart}, {@code exclusive}, {@code recovery},
 *                   {@code max_restarts}, {@code restart_expire_time}, ...)
 * @param resources  the resource tree's top level, in order
 */
public record ServiceDefinition(Map<String, String> attributes, List<ResourceDefinition> resources) {

    /** The recovery policies a service may name. */
    public static final List<String> RECOVERY_POLICIES = List.of("restart", "relocate", "disable");

    /** Copies the attributes (keeping their order) and the resources. */
    public ServiceDefinition {
        attributes = Secrets.ordered(attributes);
        resources = List.copyOf(resources);
    }

    /** @return the service name (unique); empty when not written */
    public String name() {
        return attributes.getOrDefault("name", "");
    }

    /** @return the failover domain it runs in ({@code domain}), if any */
    public Optional<String> domain() {
        return Optional.ofNullable(attributes.get("domain")).filter(d -> !d.isEmpty());
    }

    /** @return {@code autostart}: started when the cluster becomes quorate (on unless written 0) */
    public boolean autostart() {
        return Secrets.flag(attributes, "autostart", true);
    }

    /** @return {@code exclusive}: runs only on a node running no other service (off by default) */
    public boolean exclusive() {
        return Secrets.flag(attributes, "exclusive", false);
    }

    /** @return {@code recovery}: restart, relocate or disable; {@code restart} when not written */
    public String recovery() {
        return attributes.getOrDefault("recovery", "restart");
    }

    /** @return {@code max_restarts}: restarts allowed in the window before relocating, if written */
    public OptionalInt maxRestarts() {
        try {
            String v = attributes.get("max_restarts");
            return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** @return {@code restart_expire_time} (seconds): how long a restart counts, if written */
    public Optional<Duration> restartExpireTime() {
        try {
            String v = attributes.get("restart_expire_time");
            return v == null ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Secrets are masked. */
    @Override
    public String toString() {
        return "Service" + Secrets.masked(attributes) + resources;
    }
}
