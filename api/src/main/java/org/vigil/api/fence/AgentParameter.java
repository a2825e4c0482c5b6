package org.vigil.api.fence;

import java.util.List;
import java.util.Optional;

/**
 * One parameter a fence agent takes (its metadata), e.g. {@code ipaddr}, {@code login},
 * {@code passwd}.
 *
 * @param name         the name used in {@code cluster.conf}
 * @param type         its type
 * @param required     whether a device must give it
 * @param defaultValue the value used when a device does not give it
 * @param secret       whether it must never be logged or shown (shown as {@code ****})
 * @param choices      allowed values for {@link ParameterType#SELECT}, else empty
 * @param description  one sentence for people
 */
public record AgentParameter(String name, ParameterType type, boolean required, Optional<String> defaultValue,
                             boolean secret, List<String> choices, String description) {

    /** Copies the choices. */
    public AgentParameter {
        choices = List.copyOf(choices);
    }
}
