package org.vigil.api.lock;

/**
 * The six DLM lock modes, weakest first, with the DLM's compatibility matrix.
 */
public enum LockMode {
    /** Null: holds a place on the resource (and its value block), grants no access. */
    NL,
    /** Concurrent read: read access, others may write. */
    CR,
    /** Concurrent write: write access, others may read and write. */
    CW,
    /** Protected read: read access, nobody writes. */
    PR,
    /** Protected write: write access, others may only read concurrently (CR). */
    PW,
    /** Exclusive: nobody else has access. */
    EX;

    private static final boolean[][] COMPATIBLE = {
        //          NL    CR     CW     PR     PW     EX
        /* NL */ {true, true,  true,  true,  true,  true},
        /* CR */ {true, true,  true,  true,  true,  false},
        /* CW */ {true, true,  true,  false, false, false},
        /* PR */ {true, true,  false, true,  false, false},
        /* PW */ {true, true,  false, false, false, false},
        /* EX */ {true, false, false, false, false, false},
    };

    /**
     * Whether a lock in this mode can be granted while another holds {@code other}.
     *
     * @param other a mode held by another lock on the same resource
     * @return true when both may be held at once
     */
    public boolean isCompatibleWith(LockMode other) {
        return COMPATIBLE[ordinal()][other.ordinal()];
    }
}
