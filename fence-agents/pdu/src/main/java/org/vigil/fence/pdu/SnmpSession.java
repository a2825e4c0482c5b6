package org.vigil.fence.pdu;

import java.util.List;

/** SNMP requests to one device, for the duration of one action (tests substitute a device in memory). */
interface SnmpSession extends AutoCloseable {

    /**
     * Reads several objects in one request.
     *
     * @param oids the objects, dotted without a leading dot
     * @return one value per OID, in the same order ({@link SnmpValue.Kind#ABSENT} when the device has none)
     * @throws PduException no answer in time, authentication failure, an error status
     */
    List<SnmpValue> get(List<String> oids) throws PduException;

    /**
     * Writes one INTEGER object.
     *
     * @param oid   the object
     * @param value the value
     * @throws PduException no answer, or the device refused the write (the message names its error status)
     */
    void setInteger(String oid, int value) throws PduException;

    /**
     * @param prefix a table column
     * @return every object under it, in order
     * @throws PduException no answer in time, authentication failure
     */
    List<SnmpValue> walk(String prefix) throws PduException;

    /** @return "host:port" for messages */
    String where();

    @Override
    void close();
}
