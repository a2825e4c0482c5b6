package org.vigil.service.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One operator request, to be applied by the next decision. Requests are applied in the order
 * given; each gets a {@link RequestOutcome}.
 *
 * @param verb    what is asked
 * @param service the service's name; empty for {@link OperatorVerb#LOCK} and {@link OperatorVerb#UNLOCK}
 * @param member  the target member for ENABLE, RELOCATE and MIGRATE ({@code -m}); empty for "best"
 */
public record OperatorRequest(OperatorVerb verb, String service, Optional<String> member) {

    /** Checks: a service verb needs a service, LOCK/UNLOCK take none; only ENABLE, RELOCATE and MIGRATE take a member. */
    public OperatorRequest {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(member, "member");
        if (verb.namesService() && service.isBlank()) {
            throw new IllegalArgumentException("request " + verb.word() + " needs a service name");
        }
        if (!verb.namesService() && !service.isEmpty()) {
            throw new IllegalArgumentException("request " + verb.word() + " takes no service (got '" + service + "')");
        }
        if (member.isPresent() && verb != OperatorVerb.ENABLE && verb != OperatorVerb.RELOCATE
            && verb != OperatorVerb.MIGRATE) {
            throw new IllegalArgumentException("request " + verb.word() + " takes no member (got '" + member.get() + "')");
        }
    }

    /**
     * @param verb    the verb
     * @param service the service
     * @return a request without a member
     */
    public static OperatorRequest of(OperatorVerb verb, String service) {
        return new OperatorRequest(verb, service, Optional.empty());
    }

    /** @return the request as written: {@code relocate web node2} */
    @Override
    public String toString() {
        return verb.word() + (service.isEmpty() ? "" : " " + service) + member.map(m -> " " + m).orElse("");
    }
}
