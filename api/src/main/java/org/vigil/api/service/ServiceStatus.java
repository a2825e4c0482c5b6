package org.vigil.api.service;

import java.time.Instant;
import java.util.Optional;

/**
 * One service as clustat shows it.
 *
 * @param name      the service name, e.g. {@code web}
 * @param state     its state
 * @param owner     the node it runs on (or is starting/stopping on)
 * @param lastOwner the node it ran on before
 * @param frozen    whether it is frozen (left alone, not monitored)
 * @param since     when it entered its state
 * @param reason    the last decision about it, for people
 */
public record ServiceStatus(String name, ServiceState state, Optional<String> owner, Optional<String> lastOwner,
                            boolean frozen, Instant since, String reason) {
}
