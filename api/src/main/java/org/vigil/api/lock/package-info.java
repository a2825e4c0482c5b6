/**
 * The distributed lock manager's contract, after the Linux DLM: lockspaces, resources
 * named inside a lockspace, the six lock modes, asynchronous requests completed through
 * futures (the "AST"), blocking callbacks (the "BAST") and lock value blocks.
 * The implementation comes with the DLM issue.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.vigil.api.lock;
