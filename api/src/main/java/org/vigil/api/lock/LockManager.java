package org.vigil.api.lock;

import java.util.Set;

/** The distributed lock manager as seen from one node. */
public interface LockManager {

    /**
     * Joins (creating it cluster-wide if needed) a lockspace.
     *
     * @param name the lockspace name, e.g. a GFS2 file system name
     * @return the lockspace, joined on this node
     * @throws LockException when the partition has no quorum or the name is invalid
     */
    Lockspace join(String name) throws LockException;

    /** @return names of the lockspaces this node has joined */
    Set<String> lockspaces();
}
