package org.vigil.fence.pdu;

/**
 * One outlet of the PDU.
 *
 * @param number its index in the PowerNet-MIB outlet tables (from 1)
 * @param name   its name on the PDU, or null when not known
 */
record Outlet(int number, String name) {

    /** @return "outlet 3 ('db1 psu A')" or "outlet 3" */
    String label() {
        return name == null || name.isBlank() ? "outlet " + number : "outlet " + number + " ('" + name + "')";
    }
}
