package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlugSpecTest {

    @Test
    void outletsAreSplitOnCommasTrimmedAndDeduplicated() throws PduException {
        assertEquals(List.of("1", "2"), PlugSpec.parse("1,2").tokens());
        assertEquals(List.of("db1 psu a", "7"), PlugSpec.parse(" db1 psu a , 7,7 ").tokens());
        assertTrue(PlugSpec.parse("web1").hasNames());
        assertFalse(PlugSpec.parse("3,4").hasNames());
    }

    @Test
    void badPlugsAreRefusedWithAReason() {
        assertTrue(assertThrows(PduException.class, () -> PlugSpec.parse(null)).getMessage()
                .startsWith("no plug given"));
        assertTrue(assertThrows(PduException.class, () -> PlugSpec.parse(" ")).getMessage()
                .startsWith("no plug given"));
        assertEquals("plug '1,,2' has an empty outlet (outlets are separated by commas)",
                assertThrows(PduException.class, () -> PlugSpec.parse("1,,2")).getMessage());
        assertEquals("plug '0': outlet number 0 is out of range (outlets are numbered from 1)",
                assertThrows(PduException.class, () -> PlugSpec.parse("0")).getMessage());
        assertTrue(assertThrows(PduException.class, () -> PlugSpec.parse("99999999999")).getMessage()
                .contains("out of range"));
    }
}
