package org.vigil.service.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service table: every configured service's entry, plus the cluster-wide lock and the
 * membership the table was decided for (so that the next decision sees who joined: failback
 * happens only toward a node that has just joined, and svc:stop holds until the membership
 * changes).
 *
 * @param locked   the cluster-wide lock (svc:lock): while held, no service moves between nodes
 * @param members  the members this table was decided for; empty when unknown (a fresh table,
 *                 or one re-derived by a new coordinator): then no node counts as newly joined
 * @param services by service name, in configuration order
 */
public record ServiceTable(boolean locked, Set<String> members, Map<String, ServiceEntry> services) {

    /** Checks and copies (keeping the order of the services). */
    public ServiceTable {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(services, "services");
        members = Collections.unmodifiableSet(new TreeSet<>(members));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        services.forEach((k, v) -> {
            if (!k.equals(v.name())) {
                throw new IllegalArgumentException("service table key '" + k + "' holds the entry of '" + v.name() + "'");
            }
        });
    }

    /** @return a table with nothing in it: not locked, no known members, no services */
    public static ServiceTable empty() {
        return new ServiceTable(false, Set.of(), Map.of());
    }

    /**
     * @param name a service name
     * @return its entry, if the table has one
     */
    public Optional<ServiceEntry> service(String name) {
        return Optional.ofNullable(services.get(name));
    }
}
