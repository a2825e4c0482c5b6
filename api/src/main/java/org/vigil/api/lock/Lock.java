package org.vigil.api.lock;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A granted lock held by this node. */
public interface Lock {

    /** @return the lock's id, unique in its lockspace on this node */
    long id();

    /** @return the lockspace name */
    String lockspace();

    /** @return the resource name */
    String resource();

    /** @return the mode granted now */
    LockMode mode();

    /** @return the value block read at the last grant, when {@link LockFlag#VALBLK} was asked */
    Optional<LockValueBlock> valueBlock();

    /**
     * Converts the lock to another mode (up or down).
     *
     * @param mode       the new mode
     * @param flags      options for this conversion
     * @param valueBlock the value block to write when down-converting from PW or EX; may be null
     * @return completes with this lock in its new mode, or exceptionally with {@link LockException}
     */
    CompletableFuture<Lock> convert(LockMode mode, Set<LockFlag> flags, LockValueBlock valueBlock);

    /**
     * Releases the lock.
     *
     * @param valueBlock the value block to write when releasing from PW or EX; may be null
     * @return completes when the lock is released
     */
    CompletableFuture<Void> unlock(LockValueBlock valueBlock);
}
