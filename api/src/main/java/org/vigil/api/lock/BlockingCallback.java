package org.vigil.api.lock;

/**
 * The DLM's blocking AST: told that a lock this node holds blocks another request,
 * so the holder may release or down-convert it.
 */
@FunctionalInterface
public interface BlockingCallback {

    /**
     * @param held      the lock that blocks
     * @param requested the mode another request waits for
     */
    void blocking(Lock held, LockMode requested);
}
