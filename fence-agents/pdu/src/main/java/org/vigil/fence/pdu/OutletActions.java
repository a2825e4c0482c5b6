package org.vigil.fence.pdu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/**
 * The fence actions on the outlets of one PDU, over one {@link SnmpSession}. The safety rule:
 * OFF (and ON) succeed only when the outlet state, read back after the command, shows every
 * outlet of the plug in the requested state; a PDU that accepts the command but still reads
 * the old state fails with "power off not confirmed".
 */
final class OutletActions {

    /** Pause between state reads while waiting for a change. */
    static final Duration POLL = Duration.ofMillis(100);

    private static final int NAMES_SHOWN = 12;

    private final SnmpSession snmp;
    private final Deadline deadline;
    private final Duration powerWait;
    private final Duration powerTimeout;
    private PduFamily family;
    private String sysObjectId;
    private List<Outlet> names;

    /**
     * @param snmp         the session to the PDU
     * @param deadline     the action's deadline
     * @param powerWait    pause after a power command before the first state read
     * @param powerTimeout how long the state is read until it changes
     */
    OutletActions(SnmpSession snmp, Deadline deadline, Duration powerWait, Duration powerTimeout) {
        this.snmp = snmp;
        this.deadline = deadline;
        this.powerWait = powerWait;
        this.powerTimeout = powerTimeout;
    }

    /** @return the PDU's outlet MIB family, read from its sysObjectID once */
    PduFamily family() throws PduException {
        if (family == null) {
            SnmpValue id = snmp.get(List.of(PduFamily.SYS_OBJECT_ID)).get(0);
            sysObjectId = id.kind() == SnmpValue.Kind.OID ? id.text() : null;
            family = PduFamily.detect(sysObjectId, snmp.where());
        }
        return family;
    }

    /** MONITOR: the PDU answers (with these credentials) and is of a family this agent drives. */
    FenceResult monitor() throws PduException {
        PduFamily f = family();
        return new FenceResult(true, PowerState.UNKNOWN, List.of(), "the PDU at " + snmp.where() + " answers ("
                + f.title() + (sysObjectId == null ? ", no sysObjectID" : ", sysObjectID ." + sysObjectId) + ")");
    }

    /** LIST: every outlet as "number,name" (fence_apc_snmp's list output). */
    FenceResult list() throws PduException {
        List<Outlet> all = outlets();
        if (all.isEmpty()) {
            throw new PduException("the PDU at " + snmp.where() + " lists no outlets (" + family().title()
                    + ": nothing under ." + family().namesColumn() + ")");
        }
        List<String> plugs = new ArrayList<>();
        for (Outlet o : all) {
            plugs.add(o.number() + "," + (o.name() == null ? "" : o.name()));
        }
        return new FenceResult(true, PowerState.UNKNOWN, plugs, all.size() + " outlets on the PDU at "
                + snmp.where() + " (" + family().title() + ")");
    }

    /** STATUS: ON when any outlet of the plug is on, OFF when all are off. */
    FenceResult status(String plug) throws PduException {
        Map<Outlet, PowerState> states = read(resolve(plug));
        PowerState power = states.containsValue(PowerState.ON) ? PowerState.ON : PowerState.OFF;
        return new FenceResult(true, power, List.of(), describe(states));
    }

    /** OFF, confirmed. */
    FenceResult off(String plug) throws PduException {
        return switchTo(resolve(plug), PowerState.OFF);
    }

    /** ON, confirmed. */
    FenceResult on(String plug) throws PduException {
        return switchTo(resolve(plug), PowerState.ON);
    }

    /**
     * REBOOT: OFF confirmed, then ON. A failed ON after a confirmed OFF is still a success (the node
     * is fenced), as ClusterLabs agents count it; the message says so.
     */
    FenceResult reboot(String plug) throws PduException {
        List<Outlet> outlets = resolve(plug);
        FenceResult off = switchTo(outlets, PowerState.OFF);
        if (!off.success()) {
            return off;
        }
        FenceResult on;
        try {
            on = switchTo(outlets, PowerState.ON);
        } catch (PduException e) {
            on = FenceResult.failed(e.getMessage());
        }
        if (!on.success()) {
            return new FenceResult(true, PowerState.OFF, List.of(), "rebooted: " + off.message()
                    + "; but power on failed: " + on.message());
        }
        return new FenceResult(true, PowerState.ON, List.of(), "rebooted: " + off.message() + ", then " + on.message());
    }

    private FenceResult switchTo(List<Outlet> outlets, PowerState want) throws PduException {
        PduFamily f = family();
        Map<Outlet, PowerState> before = read(outlets);
        List<Outlet> commanded = new ArrayList<>();
        for (Map.Entry<Outlet, PowerState> e : before.entrySet()) {
            if (e.getValue() != want) {
                snmp.setInteger(f.controlOid(e.getKey().number()),
                        want == PowerState.ON ? PduFamily.TURN_ON : PduFamily.TURN_OFF);
                commanded.add(e.getKey());
            }
        }
        String verb = want == PowerState.ON ? "on" : "off";
        if (commanded.isEmpty()) {
            return new FenceResult(true, want, List.of(), labels(new ArrayList<>(before.keySet())) + " already " + want);
        }
        if (!powerWait.isZero()) {
            deadline.sleep(powerWait);
        }
        long start = System.nanoTime();
        long confirmBy = start + Math.min(powerTimeout.toNanos(), deadline.remaining().toNanos());
        Map<Outlet, PowerState> now = before;
        while (true) {
            try {
                now = read(outlets);
            } catch (PduException e) {
                return FenceResult.failed("power " + verb + " not confirmed: the PDU accepted the " + verb
                        + " command for " + labels(commanded) + " but its state could not be read back: "
                        + e.getMessage());
            }
            List<Outlet> wrong = new ArrayList<>();
            now.forEach((o, s) -> {
                if (s != want) {
                    wrong.add(o);
                }
            });
            if (wrong.isEmpty()) {
                return new FenceResult(true, want, List.of(), labels(new ArrayList<>(now.keySet())) + " confirmed " + want);
            }
            if (System.nanoTime() - confirmBy >= 0 || deadline.expired()) {
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                PowerState power = now.containsValue(PowerState.ON) ? PowerState.ON : PowerState.OFF;
                return new FenceResult(false, power, List.of(), "power " + verb + " not confirmed: " + labels(wrong)
                        + " still " + (want == PowerState.ON ? PowerState.OFF : PowerState.ON) + " after "
                        + Deadline.seconds(roundToTenths(waited)) + " (the PDU accepted the " + verb + " command)");
            }
            deadline.sleep(POLL);
        }
    }

    private static Duration roundToTenths(Duration d) {
        return Duration.ofMillis(Math.round(d.toMillis() / 100.0) * 100);
    }

    /** Reads the state (and name) of each outlet in one request. */
    Map<Outlet, PowerState> read(List<Outlet> outlets) throws PduException {
        PduFamily f = family();
        List<String> oids = new ArrayList<>();
        for (Outlet o : outlets) {
            oids.add(f.statusOid(o.number()));
            oids.add(f.namesColumn() + "." + o.number());
        }
        List<SnmpValue> values = snmp.get(oids);
        Map<Outlet, PowerState> states = new LinkedHashMap<>();
        for (int i = 0; i < outlets.size(); i++) {
            Outlet o = outlets.get(i);
            SnmpValue state = values.get(2 * i);
            SnmpValue name = values.get(2 * i + 1);
            if (state.isAbsent()) {
                throw new PduException("outlet " + o.number() + " does not exist on the PDU at " + snmp.where() + " ("
                        + f.title() + ": no ." + f.statusOid(o.number()) + ")");
            }
            Integer v = state.intValue();
            PowerState s;
            if (v != null && v == PduFamily.STATE_ON) {
                s = PowerState.ON;
            } else if (v != null && v == PduFamily.STATE_OFF) {
                s = PowerState.OFF;
            } else {
                throw new PduException(o.label() + " on the PDU at " + snmp.where() + " reports an unknown state '"
                        + state.text() + "' at ." + state.oid() + " (expected 1 on or 2 off)");
            }
            String n = name.kind() == SnmpValue.Kind.STRING ? name.text() : o.name();
            states.put(new Outlet(o.number(), n), s);
        }
        return states;
    }

    /**
     * @param plug the plug argument
     * @return its outlets, names resolved to numbers through the PDU's names table
     */
    List<Outlet> resolve(String plug) throws PduException {
        PlugSpec spec = PlugSpec.parse(plug);
        List<Outlet> all = spec.hasNames() ? outlets() : List.of();
        List<Outlet> result = new ArrayList<>();
        for (String token : spec.tokens()) {
            Outlet o = PlugSpec.isNumber(token) ? new Outlet(Integer.parseInt(token), null) : byName(token, all);
            if (result.stream().noneMatch(r -> r.number() == o.number())) {
                result.add(o);
            }
        }
        return result;
    }

    private Outlet byName(String name, List<Outlet> all) throws PduException {
        List<Outlet> exact = all.stream().filter(o -> name.equals(o.name() == null ? null : o.name().trim())).toList();
        List<Outlet> found = exact.isEmpty()
                ? all.stream().filter(o -> o.name() != null && o.name().trim().equalsIgnoreCase(name)).toList()
                : exact;
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.size() > 1) {
            StringBuilder b = new StringBuilder();
            for (Outlet o : found) {
                b.append(b.length() == 0 ? "" : ", ").append(o.number());
            }
            throw new PduException("outlet name '" + name + "' is ambiguous on the PDU at " + snmp.where()
                    + ": outlets " + b + " have it; give the outlet number");
        }
        StringBuilder known = new StringBuilder();
        for (int i = 0; i < all.size() && i < NAMES_SHOWN; i++) {
            known.append(i == 0 ? "" : ", ").append(all.get(i).number()).append(" '").append(all.get(i).name())
                    .append("'");
        }
        if (all.size() > NAMES_SHOWN) {
            known.append(", ...");
        }
        throw new PduException("no outlet named '" + name + "' on the PDU at " + snmp.where() + " (outlets: "
                + (all.isEmpty() ? "none listed" : known) + ")");
    }

    /** @return the outlets of the names table, read once per action */
    private List<Outlet> outlets() throws PduException {
        if (names == null) {
            PduFamily f = family();
            List<Outlet> list = new ArrayList<>();
            for (SnmpValue v : snmp.walk(f.namesColumn())) {
                int n = v.indexUnder(f.namesColumn());
                if (n > 0) {
                    list.add(new Outlet(n, v.text()));
                }
            }
            names = List.copyOf(list);
        }
        return names;
    }

    private static String describe(Map<Outlet, PowerState> states) {
        StringBuilder b = new StringBuilder();
        states.forEach((o, s) -> b.append(b.length() == 0 ? "" : ", ").append(o.label()).append(": ").append(s));
        return b.toString();
    }

    private static String labels(List<Outlet> outlets) {
        List<String> l = new ArrayList<>();
        for (Outlet o : outlets) {
            l.add(o.label());
        }
        if (l.size() == 1) {
            return l.get(0);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    @Override
    public String toString() {
        return "OutletActions[" + snmp.where() + ", " + (family == null ? "family unknown" : family.name().toLowerCase(
                Locale.ROOT)) + "]";
    }
}
