package org.vigil.fence.pdu;

/**
 * The APC outlet MIB families fence_apc_snmp knows, chosen by the PDU's {@code sysObjectID}
 * (PowerNet-MIB). A device with another (or no) sysObjectID is driven through the old Master
 * Switch OIDs, as fence_apc_snmp does. Master Switch Plus (outlets addressed per switch) and
 * Tripplite PDUs are recognised and refused.
 */
enum PduFamily {
    /** Switched rack PDU (AP79xx, AP89xx): sysObjectID .1.3.6.1.4.1.318.1.3.4.5. */
    RACK_PDU("APC rack PDU", "1.3.6.1.4.1.318.1.3.4.5",
            "1.3.6.1.4.1.318.1.1.12.3.5.1.1.4", "1.3.6.1.4.1.318.1.1.12.3.3.1.1.4",
            "1.3.6.1.4.1.318.1.1.12.3.5.1.1.2"),
    /** Master Switch with firmware v6.x: status in the Master Switch table, control in the rack PDU one. */
    MASTER_SWITCH_V6("APC Master Switch (firmware v6.x)", "1.3.6.1.4.1.318.1.3.4.6",
            "1.3.6.1.4.1.318.1.1.4.4.2.1.3", "1.3.6.1.4.1.318.1.1.12.3.3.1.1.4",
            "1.3.6.1.4.1.318.1.1.4.4.2.1.4"),
    /** Any other device: the Master Switch sPDUOutletCtl table (status and control in one column). */
    MASTER_SWITCH("APC Master Switch (fallback)", null,
            "1.3.6.1.4.1.318.1.1.4.4.2.1.3", "1.3.6.1.4.1.318.1.1.4.4.2.1.3",
            "1.3.6.1.4.1.318.1.1.4.4.2.1.4");

    /** sysObjectID.0 */
    static final String SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0";

    /** Outlet state values (status columns) and commands (control columns), the same in all three. */
    static final int STATE_ON = 1;
    static final int STATE_OFF = 2;
    static final int TURN_ON = 1;
    static final int TURN_OFF = 2;

    private static final String MASTER_SWITCH_PLUS = "1.3.6.1.4.1.318.1.3.4.4";
    private static final String TRIPPLITE = "1.3.6.1.4.1.850.1";
    private static final String TRIPPLITE_LX = "1.3.6.1.4.1.850.1.1.1";

    private final String title;
    private final String sysObjectId;
    private final String statusColumn;
    private final String controlColumn;
    private final String namesColumn;

    PduFamily(String title, String sysObjectId, String statusColumn, String controlColumn, String namesColumn) {
        this.title = title;
        this.sysObjectId = sysObjectId;
        this.statusColumn = statusColumn;
        this.controlColumn = controlColumn;
        this.namesColumn = namesColumn;
    }

    /**
     * @param sysObjectId the device's sysObjectID (dotted, leading dot allowed), or null when it has none
     * @param where       "host:port" for the message
     * @return the family to drive it with
     * @throws PduException for the families this agent recognises but does not drive
     */
    static PduFamily detect(String sysObjectId, String where) throws PduException {
        String id = sysObjectId == null ? "" : sysObjectId.startsWith(".") ? sysObjectId.substring(1) : sysObjectId;
        for (PduFamily f : values()) {
            if (id.equals(f.sysObjectId)) {
                return f;
            }
        }
        if (id.equals(MASTER_SWITCH_PLUS)) {
            throw new PduException("the device at " + where + " is an APC Master Switch Plus (sysObjectID ." + id
                    + "): its outlets are addressed per switch, which the pdu agent does not do; use "
                    + "agent=\"fence_apc_snmp\" for it");
        }
        if (id.equals(TRIPPLITE) || id.equals(TRIPPLITE_LX)) {
            throw new PduException("the device at " + where + " is a Tripplite PDU (sysObjectID ." + id
                    + "), not an APC one; use agent=\"fence_tripplite_snmp\" for it");
        }
        return MASTER_SWITCH;
    }

    /** @return the family's name for people */
    String title() {
        return title;
    }

    /**
     * @param outlet outlet number
     * @return its state object (1 on, 2 off)
     */
    String statusOid(int outlet) {
        return statusColumn + "." + outlet;
    }

    /**
     * @param outlet outlet number
     * @return its control object (write 1 on, 2 off)
     */
    String controlOid(int outlet) {
        return controlColumn + "." + outlet;
    }

    /** @return the outlet names column (indexed by outlet number) */
    String namesColumn() {
        return namesColumn;
    }
}
