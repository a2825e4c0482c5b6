/**
 * Fencing: cutting a failed node off before anyone takes over its work. The
 * {@link org.vigil.api.fence.FenceAgent} SPI is implemented by one bundle per device type
 * (whiteboard services with {@value org.vigil.api.fence.FenceAgent#TYPE_PROPERTY});
 * the {@link org.vigil.api.fence.FencingService} is the fencing daemon other modules ask.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.vigil.api.fence;
