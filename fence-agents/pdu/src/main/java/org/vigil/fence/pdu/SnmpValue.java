package org.vigil.fence.pdu;

/**
 * One variable binding read from the PDU.
 *
 * @param oid  the object identifier, dotted, without a leading dot
 * @param kind what sort of value it is
 * @param text the value as text (the number, the string, the OID); empty when {@link Kind#ABSENT}
 */
record SnmpValue(String oid, Kind kind, String text) {

    /** What sort of value a binding holds. */
    enum Kind {
        /** An INTEGER (or another number type). */
        INTEGER,
        /** An OCTET STRING. */
        STRING,
        /** An OBJECT IDENTIFIER. */
        OID,
        /** noSuchObject, noSuchInstance, endOfMibView, or SNMPv1 noSuchName. */
        ABSENT,
        /** Anything else. */
        OTHER
    }

    /**
     * @param oid the OID that has no value
     * @return an absent binding
     */
    static SnmpValue absent(String oid) {
        return new SnmpValue(oid, Kind.ABSENT, "");
    }

    boolean isAbsent() {
        return kind == Kind.ABSENT;
    }

    /** @return the integer value, or null when this is not an integer */
    Integer intValue() {
        if (kind != Kind.INTEGER) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * @param prefix an OID
     * @return the last arc of this OID when it is directly under the prefix, else -1
     */
    int indexUnder(String prefix) {
        if (!oid.startsWith(prefix + ".")) {
            return -1;
        }
        String rest = oid.substring(prefix.length() + 1);
        if (rest.contains(".")) {
            return -1;
        }
        try {
            return Integer.parseInt(rest);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
