package org.vigil.api.service;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The cluster's service manager as seen from any node. */
public interface ServiceManager {

    /** @return every configured service with state and owner */
    List<ServiceStatus> services();

    /**
     * Carries out an operator's verb.
     *
     * @param verb    what to do
     * @param service the service's name
     * @param member  the target member for ENABLE, RELOCATE and MIGRATE; empty for "best"
     * @return completes with the outcome
     */
    CompletableFuture<ServiceOperationResult> perform(ServiceVerb verb, String service, Optional<String> member);

    /**
     * Locks or unlocks the service manager cluster-wide (clusvcadm -l/-u): while locked,
     * nothing is relocated.
     *
     * @param locked true to lock
     */
    void setLocked(boolean locked);

    /** @return whether relocations are locked */
    boolean isLocked();

    /**
     * The coordinator's last decisions with their reasons ({@code svc:list --why}).
     *
     * @return oldest first; empty when none is known
     * @since 1.1
     */
    default List<ServiceDecision> decisions() {
        return List.of();
    }
}
