/**
 * The cluster configuration: one document (RHCS {@code cluster.conf}), the same on every
 * node, versioned by {@code config_version}. This package holds the model and the store
 * other modules read it from.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.vigil.api.config;
