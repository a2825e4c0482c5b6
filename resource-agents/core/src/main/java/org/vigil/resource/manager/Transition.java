package org.vigil.resource.manager;

import java.util.Optional;
import org.vigil.api.resource.ResourceState;

/**
 * What one step's result does to a resource.
 *
 * @param state    the resource's new state
 * @param active   whether it is now taken to run here (recurring monitors run only then)
 * @param failure  whether the result counts as a failure (fail count + 1)
 * @param followUp the step to run next, at once and before anything else queued on the resource
 * @param note     what the manager adds to the agent's message ("" for nothing)
 */
record Transition(ResourceState state, boolean active, boolean failure, Optional<Step> followUp, String note) {
}
