package org.vigil.config;

/**
 * A change of the cluster configuration on its way to the coordinator.
 *
 * @param kind     what kind of change
 * @param document the proposed cluster.conf (clear text: never logged); empty for a rollback
 * @param base     for {@link Kind#EDIT}: the version the edit was made from
 * @param target   for {@link Kind#ROLLBACK}: the version whose content comes back
 * @param change   what was done, for the history
 * @param origin   the node the change was made on
 */
record Proposal(Kind kind, String document, long base, long target, String change, String origin) {

    /** The kinds of change. */
    enum Kind {
        /** The document carries its own config_version, which must be newer than the running one. */
        UPDATE,
        /** Made from version {@code base}; becomes the next version unless another change came first. */
        EDIT,
        /** Version {@code target}'s content becomes the next version. */
        ROLLBACK,
        /** A node holds a newer version than the coordinator (edited while alone): highest valid wins. */
        OFFER
    }

    @Override
    public String toString() {
        return "Proposal[" + kind + " base=" + base + " target=" + target + " change=" + change + " origin=" + origin + "]";
    }
}
