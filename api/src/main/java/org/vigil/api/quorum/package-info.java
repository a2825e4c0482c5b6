/**
 * Quorum: whether the partition this node is in holds enough votes to act,
 * with corosync votequorum's options and quorum devices (a quorum disk, or
 * other devices through {@link org.vigil.api.quorum.QuorumDevice}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.vigil.api.quorum;
