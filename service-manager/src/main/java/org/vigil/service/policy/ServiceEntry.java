package org.vigil.service.policy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.api.service.ServiceState;

/**
 * One service in the service table: where it is and what is meant for it. The policy reads the
 * previous table's entries and writes new ones; the coordinator keeps the table between decisions.
 *
 * @param name           the service's name
 * @param state          its state as clustat shows it
 * @param owner          the node it runs on, is starting on or stopping on (or, RECOVERING, the lost
 *                       node that still has it until fenced; FAILED, the node where it failed)
 * @param lastOwner      the node it ran on before its current owner
 * @param frozen         left alone: no start, stop, restart or move (safety still applies: no
 *                       quorum, two owners)
 * @param disabled       kept stopped until an operator enables it (svc:disable, autostart 0,
 *                       recovery policy disable)
 * @param operatorStopped kept stopped by svc:stop until enabled or until the membership changes
 * @param restarts       when it was restarted in place after a failure, oldest first, within
 *                       {@code restart_expire_time} (all, when the service has none)
 * @param failedStarts   nodes where a start failed since it last started successfully; they
 *                       are avoided until it has started somewhere (then cleared)
 * @param reason         the last decision about it, for people
 */
public record ServiceEntry(String name, ServiceState state, Optional<String> owner, Optional<String> lastOwner,
                           boolean frozen, boolean disabled, boolean operatorStopped, List<Instant> restarts,
                           Set<String> failedStarts, String reason) {

    /** Checks and copies. */
    public ServiceEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(lastOwner, "lastOwner");
        Objects.requireNonNull(reason, "reason");
        restarts = List.copyOf(restarts);
        failedStarts = Collections.unmodifiableSet(new TreeSet<>(failedStarts));
    }

    /**
     * @param name  the service
     * @param state its state
     * @return an entry with no owner, flags off and no history
     */
    public static ServiceEntry of(String name, ServiceState state) {
        return new ServiceEntry(name, state, Optional.empty(), Optional.empty(), false, false, false, List.of(),
            Set.of(), "");
    }

    /** @return the entry as the scenario files write it: {@code web: started owner=node1 last=node2} */
    @Override
    public String toString() {
        return TableText.format(this);
    }
}
