/**
 * The cluster configuration: one document (RHCS {@code cluster.conf}), the same on every
 * node, versioned by {@code config_version}. This package holds the model, the store
 * other modules read it from, and the updater that changes it on every node ({@link ClusterConfigUpdater}).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.vigil.api.config;
