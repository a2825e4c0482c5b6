package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static final String CANONICAL =
            "SHA256:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF";

    @ParameterizedTest
    @ValueSource(strings = {
        CANONICAL,
        "01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef",
        "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef",
        "sha256 Fingerprint=01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
        "  SHA-256:0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef  ",
    })
    void everySpellingMeansTheSameFingerprint(String text) {
        Fingerprint f = Fingerprint.parse(text);
        assertEquals(CANONICAL, f.toString());
        assertEquals(Fingerprint.parse(CANONICAL), f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SHA256:", "SHA1:01:23", "0123456789abcdef", "zz23456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef00"})
    void anythingElseIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse(text));
        assertEquals("ssl_fingerprint must be a SHA-256 fingerprint (SHA256: then 32 bytes in hex, e.g. "
                + "SHA256:AB:CD:...), not '" + text.trim() + "'", e.getMessage());
    }

    @Test
    void differentBytesDiffer() {
        assertNotEquals(Fingerprint.parse(CANONICAL), Fingerprint.parse("SHA256:" + "00:".repeat(31) + "00"));
    }
}
