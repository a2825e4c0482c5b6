/**
 * The service manager (rgmanager): services are trees of resources kept running
 * somewhere in the cluster, placed by failover domains; this is its view and its verbs
 * (clustat and clusvcadm).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.vigil.api.service;
