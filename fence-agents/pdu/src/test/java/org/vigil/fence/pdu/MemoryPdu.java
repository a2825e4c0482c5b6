package org.vigil.fence.pdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PDU in memory behind {@link SnmpSession}, for the action logic's unit tests: a rack PDU
 * (PowerNet-MIB OIDs) whose outlets may lie (accept off, stay on), lag (change only after some
 * state reads) or refuse writes.
 */
class MemoryPdu implements SnmpSession {
    final Map<Integer, String> names = new TreeMap<>();
    final Map<Integer, Boolean> on = new TreeMap<>();
    final List<String> sets = new ArrayList<>();
    String sysObjectId = "1.3.6.1.4.1.318.1.3.4.5";
    boolean lyingOff;
    boolean readOnly;
    /** State reads that still show the old state after a command. */
    int lagReads;
    private final Map<Integer, Boolean> pending = new TreeMap<>();
    private int lagLeft;

    MemoryPdu(int outlets) {
        for (int n = 1; n <= outlets; n++) {
            names.put(n, "Outlet " + n);
            on.put(n, true);
        }
    }

    @Override
    public List<SnmpValue> get(List<String> oids) {
        if (lagLeft > 0) {
            lagLeft--;
        } else {
            on.putAll(pending);
            pending.clear();
        }
        List<SnmpValue> values = new ArrayList<>();
        for (String oid : oids) {
            values.add(value(oid));
        }
        return values;
    }

    private SnmpValue value(String oid) {
        if (oid.equals(PduFamily.SYS_OBJECT_ID)) {
            return sysObjectId == null ? SnmpValue.absent(oid) : new SnmpValue(oid, SnmpValue.Kind.OID, sysObjectId);
        }
        PduFamily f = PduFamily.RACK_PDU;
        for (int n : on.keySet()) {
            if (oid.equals(f.statusOid(n))) {
                return new SnmpValue(oid, SnmpValue.Kind.INTEGER, on.get(n) ? "1" : "2");
            }
            if (oid.equals(f.namesColumn() + "." + n)) {
                return new SnmpValue(oid, SnmpValue.Kind.STRING, names.get(n));
            }
        }
        return SnmpValue.absent(oid);
    }

    @Override
    public void setInteger(String oid, int value) throws PduException {
        sets.add(oid + "=" + value);
        if (readOnly) {
            throw new PduException("the PDU at memory:161 refused SET ." + oid + " = " + value + ": noAccess");
        }
        for (int n : on.keySet()) {
            if (oid.equals(PduFamily.RACK_PDU.controlOid(n))) {
                if (value == PduFamily.TURN_OFF && lyingOff) {
                    return;
                }
                pending.put(n, value == PduFamily.TURN_ON);
                lagLeft = lagReads;
                return;
            }
        }
        throw new PduException("the PDU at memory:161 refused SET ." + oid + " = " + value + ": notWritable");
    }

    @Override
    public List<SnmpValue> walk(String prefix) {
        List<SnmpValue> rows = new ArrayList<>();
        if (prefix.equals(PduFamily.RACK_PDU.namesColumn())) {
            names.forEach((n, name) -> rows.add(new SnmpValue(prefix + "." + n, SnmpValue.Kind.STRING, name)));
        }
        return rows;
    }

    @Override
    public String where() {
        return "memory:161";
    }

    @Override
    public void close() {
        // nothing to release
    }
}
