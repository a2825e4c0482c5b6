package org.vigil.api.membership;

/**
 * Registered by the membership implementation while this node refuses to join its
 * cluster (its settings are wrong, the cluster key is missing, cluster.conf was refused),
 * so that status commands can say why. Gone once the node joins.
 */
@FunctionalInterface
public interface JoinRefusal {

    /** @return why this node does not join, for people, e.g. "node.name 'x' is not a clusternode of ..." */
    String reason();
}
