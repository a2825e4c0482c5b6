/**
 * Cluster messaging: send to one node, broadcast to the view, and request/response
 * with a timeout. Every message between nodes is authenticated with the cluster key
 * by the implementation; handlers only ever see messages from members of the view.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.vigil.api.messaging;
