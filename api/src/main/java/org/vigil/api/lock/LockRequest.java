package org.vigil.api.lock;

import java.util.Objects;
import java.util.Set;

/**
 * A request for a new lock on a resource of a lockspace.
 *
 * @param resource the resource name (at most 64 bytes in UTF-8, as the DLM allows)
 * @param mode     the mode wanted
 * @param flags    options
 * @param blocking called when this lock, once granted, blocks another request; may be null
 */
public record LockRequest(String resource, LockMode mode, Set<LockFlag> flags, BlockingCallback blocking) {

    /** Largest resource name in bytes. */
    public static final int MAX_RESOURCE_NAME_BYTES = 64;

    /** Checks the name and copies the flags. */
    public LockRequest {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(mode, "mode");
        if (resource.isEmpty() || resource.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_RESOURCE_NAME_BYTES) {
            throw new IllegalArgumentException("resource name must be 1.." + MAX_RESOURCE_NAME_BYTES + " bytes: '" + resource + "'");
        }
        flags = Set.copyOf(flags);
    }
}
