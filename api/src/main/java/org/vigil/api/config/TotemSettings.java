package org.vigil.api.config;

import java.time.Duration;

/**
 * A {@code <totem>}: the failure detector's timing.
 *
 * @param token how long a member may stay silent before it is declared failed
 *              ({@code token}, ms; 500 ms by default)
 */
public record TotemSettings(Duration token) {

    /** @return the defaults */
    public static TotemSettings defaults() {
        return new TotemSettings(Duration.ofMillis(500));
    }
}
