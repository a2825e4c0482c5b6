package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The families fence_apc_snmp's apc_set_device picks, and their OIDs. */
class PduFamilyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        ".1.3.6.1.4.1.318.1.3.4.5, RACK_PDU, 1.3.6.1.4.1.318.1.1.12.3.5.1.1.4.3, 1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.3",
        "1.3.6.1.4.1.318.1.3.4.6, MASTER_SWITCH_V6, 1.3.6.1.4.1.318.1.1.4.4.2.1.3.3, 1.3.6.1.4.1.318.1.1.12.3.3.1.1.4.3",
        ".1.3.6.1.4.1.318.1.3.2.12, MASTER_SWITCH, 1.3.6.1.4.1.318.1.1.4.4.2.1.3.3, 1.3.6.1.4.1.318.1.1.4.4.2.1.3.3",
        "1.3.6.1.4.1.8072.3.2.10, MASTER_SWITCH, 1.3.6.1.4.1.318.1.1.4.4.2.1.3.3, 1.3.6.1.4.1.318.1.1.4.4.2.1.3.3",
    })
    void theSysObjectIdPicksTheFamily(String sysObjectId, PduFamily family, String status, String control)
            throws PduException {
        PduFamily f = PduFamily.detect(sysObjectId, "pdu:161");
        assertEquals(family, f);
        assertEquals(status, f.statusOid(3));
        assertEquals(control, f.controlOid(3));
    }

    @ParameterizedTest
    @CsvSource({".1.3.6.1.4.1.318.1.3.4.4, Master Switch Plus", ".1.3.6.1.4.1.850.1, Tripplite"})
    void familiesThisAgentDoesNotDriveAreRefused(String sysObjectId, String name) {
        String m = assertThrows(PduException.class, () -> PduFamily.detect(sysObjectId, "pdu:161")).getMessage();
        assertTrue(m.startsWith("the device at pdu:161 is a"), m);
        assertTrue(m.contains(name), m);
    }

    @ParameterizedTest
    @CsvSource({"''"})
    void noSysObjectIdFallsBackToTheMasterSwitch(String none) throws PduException {
        assertEquals(PduFamily.MASTER_SWITCH, PduFamily.detect(null, "pdu:161"));
        assertEquals(PduFamily.MASTER_SWITCH, PduFamily.detect(none, "pdu:161"));
    }
}
