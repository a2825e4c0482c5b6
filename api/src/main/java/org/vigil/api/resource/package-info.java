/**
 * Resource agents and the local resource manager. A
 * {@link org.vigil.api.resource.ResourceAgent} starts, stops and checks one kind of
 * thing on this node (an IP address, a script, a mount); one bundle per type registers
 * it as a whiteboard service with {@value org.vigil.api.resource.ResourceAgent#TYPE_PROPERTY}.
 * The {@link org.vigil.api.resource.LocalResourceManager} runs their operations with
 * timeouts and reports what really runs here.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.vigil.api.resource;
