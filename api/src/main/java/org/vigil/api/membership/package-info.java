/**
 * Cluster membership: which configured nodes are currently members, as a
 * sequence of views each carrying a generation number.
 *
 * <p>A view is installed on every member by the membership layer; consumers
 * register {@link org.vigil.api.membership.MembershipListener} services (whiteboard)
 * to learn about changes.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.vigil.api.membership;
