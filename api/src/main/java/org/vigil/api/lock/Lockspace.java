package org.vigil.api.lock;

import java.util.concurrent.CompletableFuture;

/** A named set of resources and their locks, joined by the nodes that use it. */
public interface Lockspace extends AutoCloseable {

    /** @return the lockspace name */
    String name();

    /**
     * Asks for a lock; completes when granted (the DLM's completion AST).
     *
     * @param request what to lock and how
     * @return the granted lock, or exceptionally with {@link LockException}
     */
    CompletableFuture<Lock> lock(LockRequest request);

    /** Leaves the lockspace on this node, releasing every lock this node holds in it. */
    @Override
    void close();
}
