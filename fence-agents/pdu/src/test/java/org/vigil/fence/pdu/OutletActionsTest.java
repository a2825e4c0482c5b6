package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.PowerState;

/** The safety rule and the action sequences, against a PDU in memory. */
class OutletActionsTest {

    private static OutletActions actions(MemoryPdu pdu, Duration powerTimeout) {
        return new OutletActions(pdu, Deadline.after(Duration.ofSeconds(10)), Duration.ZERO, powerTimeout);
    }

    private static OutletActions actions(MemoryPdu pdu) {
        return actions(pdu, Duration.ofSeconds(5));
    }

    @Test
    void offSwitchesOnlyWhatIsOnAndConfirmsEveryOutlet() throws PduException {
        MemoryPdu pdu = new MemoryPdu(4);
        pdu.on.put(2, false);
        FenceResult r = actions(pdu).off("1,2");
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.OFF, r.power());
        assertEquals("outlet 1 ('Outlet 1') and outlet 2 ('Outlet 2') confirmed OFF", r.message());
        assertEquals(List.of("1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.1=2"), pdu.sets);
    }

    @Test
    void aLaggingPduIsPolledUntilTheStateChanges() throws PduException {
        MemoryPdu pdu = new MemoryPdu(2);
        pdu.lagReads = 3;
        long t0 = System.nanoTime();
        FenceResult r = actions(pdu).off("2");
        assertTrue(r.success(), r.message());
        assertFalse(pdu.on.get(2));
        assertTrue(System.nanoTime() - t0 >= 3 * OutletActions.POLL.toNanos() - 10_000_000L, "polled");
    }

    @Test
    void aLyingPduFailsWithNotConfirmedAndTheStateItReads() throws PduException {
        MemoryPdu pdu = new MemoryPdu(2);
        pdu.lyingOff = true;
        FenceResult r = actions(pdu, Duration.ofMillis(300)).off("1");
        assertFalse(r.success());
        assertEquals(PowerState.ON, r.power());
        assertTrue(r.message().startsWith("power off not confirmed: outlet 1 ('Outlet 1') still ON after 0."),
                r.message());
        FenceResult reboot = actions(pdu, Duration.ofMillis(300)).reboot("1");
        assertFalse(reboot.success());
        assertEquals(List.of("1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.1=2", "1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.1=2"), pdu.sets,
                "reboot never powers on after an unconfirmed off");
    }

    @Test
    void oneOutletThatStaysOnFailsTheWholePlug() throws PduException {
        MemoryPdu pdu = new MemoryPdu(2) {
            @Override
            public void setInteger(String oid, int value) throws PduException {
                if (!oid.endsWith(".2")) {
                    super.setInteger(oid, value);
                }
            }
        };
        FenceResult r = actions(pdu, Duration.ofMillis(200)).off("1,2");
        assertFalse(r.success());
        assertTrue(r.message().startsWith("power off not confirmed: outlet 2 ('Outlet 2') still ON"), r.message());
        assertFalse(pdu.on.get(1));
    }

    @Test
    void rebootIsOffConfirmedThenOn() throws PduException {
        MemoryPdu pdu = new MemoryPdu(3);
        FenceResult r = actions(pdu).reboot("3");
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.ON, r.power());
        assertEquals(List.of("1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.3=2", "1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.3=1"), pdu.sets);
    }

    @Test
    void aFailedOnAfterAConfirmedOffIsStillAFence() throws PduException {
        MemoryPdu pdu = new MemoryPdu(1) {
            @Override
            public void setInteger(String oid, int value) throws PduException {
                if (value == PduFamily.TURN_ON) {
                    throw new PduException("the PDU at memory:161 refused SET ." + oid + " = 1: genErr");
                }
                super.setInteger(oid, value);
            }
        };
        FenceResult r = actions(pdu).reboot("1");
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.OFF, r.power());
        assertTrue(r.message().contains("but power on failed: the PDU at memory:161 refused"), r.message());
    }

    @Test
    void namesResolveExactlyThenIgnoringCaseAndAmbiguityIsRefused() throws PduException {
        MemoryPdu pdu = new MemoryPdu(4);
        pdu.names.put(2, "web1");
        pdu.names.put(3, "Web1");
        pdu.names.put(4, "db");
        assertEquals(List.of(new Outlet(3, "Web1")), actions(pdu).resolve("Web1"));
        assertEquals(List.of(new Outlet(4, "db"), new Outlet(1, null)), actions(pdu).resolve("DB,1"),
                "numbers are taken as they are; their names come with the state read");
        MemoryPdu twins = new MemoryPdu(3);
        twins.names.put(2, "same");
        twins.names.put(3, "same");
        assertEquals("outlet name 'same' is ambiguous on the PDU at memory:161: outlets 2, 3 have it; give the "
                + "outlet number", assertThrows(PduException.class, () -> actions(twins).off("same")).getMessage());
        assertTrue(twins.sets.isEmpty());
    }

    @Test
    void aMissingOutletOrARefusedWriteChangesNothingAndSaysWhy() {
        MemoryPdu pdu = new MemoryPdu(2);
        assertEquals("outlet 3 does not exist on the PDU at memory:161 (APC rack PDU: no "
                        + ".1.3.6.1.4.1.318.1.1.12.3.5.1.1.4.3)",
                assertThrows(PduException.class, () -> actions(pdu).off("1,3")).getMessage());
        assertTrue(pdu.sets.isEmpty(), "nothing is switched when one outlet of the plug is missing");
        pdu.readOnly = true;
        assertTrue(assertThrows(PduException.class, () -> actions(pdu).off("1")).getMessage().endsWith("noAccess"));
        assertTrue(pdu.on.get(1));
    }

    @Test
    void listGivesNumberCommaNameLikeFenceApcSnmp() throws PduException {
        MemoryPdu pdu = new MemoryPdu(3);
        pdu.names.put(2, "web1");
        FenceResult r = actions(pdu).list();
        assertTrue(r.success());
        assertEquals(List.of("1,Outlet 1", "2,web1", "3,Outlet 3"), r.plugs());
        assertEquals("3 outlets on the PDU at memory:161 (APC rack PDU)", r.message());
    }

    @Test
    void anUnsupportedFamilyFailsMonitor() {
        MemoryPdu pdu = new MemoryPdu(1);
        pdu.sysObjectId = "1.3.6.1.4.1.318.1.3.4.4";
        assertTrue(assertThrows(PduException.class, () -> actions(pdu).monitor()).getMessage()
                .contains("Master Switch Plus"));
    }
}
