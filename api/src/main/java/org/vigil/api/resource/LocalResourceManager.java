package org.vigil.api.resource;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs resource operations on this node and reports the truth about what runs here. */
public interface LocalResourceManager {

    /** @return every configured resource with its state on this node */
    List<ResourceStatus> resources();

    /**
     * Runs one operation on a configured resource (queued behind one already running on it).
     *
     * @param resource  the resource's name
     * @param operation what to run
     * @return the record of the operation once it ended
     * @throws IllegalArgumentException when no such resource is configured
     */
    CompletableFuture<OperationRecord> run(String resource, ResourceOperation operation);

    /**
     * Monitors every configured resource once, to learn what runs here.
     *
     * @return the states found
     */
    CompletableFuture<List<ResourceStatus>> probe();

    /**
     * Forgets a resource's failures.
     *
     * @param resource the resource's name
     * @throws IllegalArgumentException when no such resource is configured
     */
    void cleanup(String resource);

    /** @return the last operations run, newest last */
    List<OperationRecord> history();
}
