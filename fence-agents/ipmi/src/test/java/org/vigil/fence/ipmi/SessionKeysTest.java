package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** AES-CBC-128 with the IPMI confidentiality pad, and HMAC-SHA1-96 AuthCodes. */
class SessionKeysTest {
    private final SessionKeys keys = new SessionKeys(Hex.bytes(RakpTest.SIK));
    private final byte[] iv = Hex.bytes("f0e0d0c0b0a090807060504030201000");

    @Test
    void encryptionMatchesOpensslWithThePadAppended() throws Exception {
        // openssl enc -aes-128-cbc -nopad -K 8bd9b8ce0674b5d745ced91e728ac1a5 -iv f0e0...00
        //   over 2018c88104017a 0102030405060708 08
        byte[] out = keys.encrypt(Hex.bytes("2018c88104017a"), iv);
        assertEquals("f0e0d0c0b0a090807060504030201000" + "84d5006be4b1bdde4deaede00900f415", Hex.of(out));
    }

    @Test
    void everyLengthRoundTrips() throws Exception {
        for (int n = 0; n <= 40; n++) {
            byte[] p = new byte[n];
            Arrays.fill(p, (byte) n);
            byte[] c = keys.encrypt(p, iv);
            assertEquals(0, (c.length - 16) % 16);
            assertTrue(c.length - 16 >= n + 1);
            assertArrayEquals(p, keys.decrypt(c), "length " + n);
        }
    }

    @Test
    void aBadPadOrLengthIsRefused() throws Exception {
        byte[] c = keys.encrypt(new byte[5], iv);
        byte[] t = c.clone();
        t[t.length - 1] ^= 0x55; // garbles the last block, hence the pad
        assertThrows(IpmiException.class, () -> keys.decrypt(t));
        assertThrows(IpmiException.class, () -> keys.decrypt(Arrays.copyOf(c, c.length - 1)));
        assertThrows(IpmiException.class, () -> keys.decrypt(new byte[16]));
    }

    @Test
    void authCodeIsTheFirst12BytesOfHmacSha1WithK1() {
        byte[] data = Hex.bytes("0102030405");
        byte[] full = Rakp.hmacSha1(Hex.bytes(RakpTest.K1), data);
        assertArrayEquals(Arrays.copyOf(full, 12), keys.authCode(data, 0, data.length));
    }

    @Test
    void constantTimeEqualsComparesRanges() {
        byte[] a = {1, 2, 3, 4};
        byte[] b = {9, 2, 3, 4, 9};
        assertTrue(SessionKeys.constantTimeEquals(a, 1, b, 1, 3));
        assertFalse(SessionKeys.constantTimeEquals(a, 0, b, 0, 3));
        assertFalse(SessionKeys.constantTimeEquals(a, 2, b, 2, 4));
        assertEquals("SessionKeys[****]", keys.toString());
    }
}
