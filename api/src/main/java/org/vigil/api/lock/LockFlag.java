package org.vigil.api.lock;

/** Options of a lock request, after the DLM's {@code LKF_*} flags. */
public enum LockFlag {
    /** Fail at once with {@link LockException.Reason#NOT_GRANTED} instead of waiting. */
    NOQUEUE,
    /** Read the value block on grant and write it on down-conversion or unlock from PW/EX. */
    VALBLK,
    /** Keep the lock when the holding process's session ends (until unlocked explicitly). */
    PERSISTENT,
    /** Let a conversion be queued ahead of waiting requests (DLM's QUECVT). */
    QUECVT,
    /** On a conversion deadlock, demote this lock to NL rather than fail (DLM's CONVDEADLK). */
    CONVDEADLK
}
