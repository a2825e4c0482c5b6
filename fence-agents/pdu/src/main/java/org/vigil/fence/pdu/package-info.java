/**
 * The {@code pdu} fence agent: APC switched rack PDUs over SNMP v1/v2c/v3 (PowerNet-MIB), with
 * SNMP4J embedded in the bundle. Nothing here is exported.
 */
package org.vigil.fence.pdu;
