package org.vigil.api.quorum;

/** The local node's view of quorum. Nothing in the cluster acts without it. */
public interface QuorumService {

    /** @return the current quorum state, never null */
    QuorumState state();

    /** @return shorthand for {@code state().quorate()} */
    default boolean isQuorate() {
        return state().quorate();
    }
}
