package org.vigil.service.policy;

import org.vigil.api.service.ServiceVerb;

/** What an operator may ask of the service manager: clusvcadm's verbs. */
public enum OperatorVerb {
    /** {@code -e [-m node]}: enable and start (on the node if named). */
    ENABLE,
    /** {@code -d}: stop and keep stopped until enabled. */
    DISABLE,
    /** {@code -s}: stop; it stays stopped until enabled or until the membership changes. */
    STOP,
    /** {@code -R}: stop and start again in place (not counted against {@code max_restarts}). */
    RESTART,
    /** {@code -r [-m node]}: move to the node, or to the best other node. */
    RELOCATE,
    /** {@code -M -m node}: live-migrate to the node (services with a {@code vm} resource). */
    MIGRATE,
    /** {@code -Z}: leave the service alone (no start, stop, restart or move) until unfrozen. */
    FREEZE,
    /** {@code -U}: end a freeze. */
    UNFREEZE,
    /** {@code -l}: cluster-wide lock: no service moves from one node to another. */
    LOCK,
    /** {@code -u}: release the cluster-wide lock. */
    UNLOCK;

    /** @return whether the verb names a service (all but LOCK and UNLOCK) */
    public boolean namesService() {
        return this != LOCK && this != UNLOCK;
    }

    /** @return the verb's word as written in commands and scenarios ({@code relocate}) */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param verb a verb of the service API
     * @return the same verb here
     */
    public static OperatorVerb of(ServiceVerb verb) {
        return valueOf(verb.name());
    }
}
