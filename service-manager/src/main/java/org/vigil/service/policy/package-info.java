/**
 * The service manager's placement and recovery policy: a pure function from what the cluster
 * looks like ({@link org.vigil.service.policy.PolicyInput}: configuration, members, quorum,
 * fencing, every node's report, operator requests and the previous service table) to what to do
 * about it ({@link org.vigil.service.policy.Decision}: ordered actions, each with a reason for
 * people, the outcome of every request, and the new service table).
 * {@link org.vigil.service.policy.PlacementPolicy} is the function; it keeps no state between calls.
 */
package org.vigil.service.policy;
