package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RAKP-HMAC-SHA1 key exchange codes and key derivation against known answers computed
 * independently with {@code openssl dgst -sha1 -mac HMAC} over the byte strings the IPMI
 * v2.0 specification defines (sections 13.31, 13.32):
 *
 * <pre>
 * hm() { echo -n "$2" | xxd -r -p | openssl dgst -sha1 -mac HMAC -macopt hexkey:$1 | awk '{print $NF}'; }
 * KUID=736563726574 + 28 zeros ("secret" padded to 20 bytes)
 * SIDm=44332211 (0x11223344 LE)  SIDc=d0c0b0a0 (0xA0B0C0D0 LE)  Rm=000102..0f  Rc=101112..1f
 * GUIDc=a123456789abcdefa123456789abcdef  ROLEm=14  ULENGTHm=05  UNAMEm=61646d696e ("admin")
 * RAKP2 = hm KUID SIDm|SIDc|Rm|Rc|GUIDc|ROLEm|ULENGTHm|UNAMEm
 * RAKP3 = hm KUID Rc|SIDm|ROLEm|ULENGTHm|UNAMEm
 * SIK   = hm KUID Rm|Rc|ROLEm|ULENGTHm|UNAMEm
 * K1    = hm SIK 01*20 ; K2 = hm SIK 02*20
 * RAKP4 = first 12 bytes of hm SIK Rm|SIDc|GUIDc
 * </pre>
 */
class RakpTest {
    static final int CONSOLE_SID = 0x11223344;
    static final int BMC_SID = 0xA0B0C0D0;
    static final byte[] RM = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    static final byte[] RC = Hex.bytes("101112131415161718191a1b1c1d1e1f");
    static final byte[] GUID = Hex.bytes("a123456789abcdefa123456789abcdef");
    static final int ROLE = 0x14;
    static final byte[] USER = "admin".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KUID = Rakp.kuid("secret".getBytes(StandardCharsets.US_ASCII));
    static final String SIK = "a39ae2b160a1e5efe017ffd6ec1a4ff8eeac6f54";
    static final String K1 = "58dbc1afa00eb3f9487c9eaef0dc7892cc43e496";
    static final String K2 = "8bd9b8ce0674b5d745ced91e728ac1a51464fcaf";

    @Test
    void hmacSha1MatchesRfc2202TestCase2() {
        byte[] mac = Rakp.hmacSha1("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya ".getBytes(StandardCharsets.US_ASCII),
                "want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", Hex.of(mac));
    }

    @Test
    void kuidIsThePasswordPaddedTo20Bytes() {
        assertEquals("7365637265740000000000000000000000000000", Hex.of(KUID));
        assertEquals(20, Rakp.kuid(new byte[0]).length);
        assertThrows(IllegalArgumentException.class, () -> Rakp.kuid(new byte[21]));
    }

    @Test
    void rakp2AuthCode() {
        assertEquals("c865f2815e9551675f61bb54d45337c853b24d31",
                Hex.of(Rakp.rakp2AuthCode(KUID, CONSOLE_SID, BMC_SID, RM, RC, GUID, ROLE, USER)));
    }

    @Test
    void rakp3AuthCode() {
        assertEquals("2e873fbfcd9caa8c56a77cc6897b3b5b724abfd1",
                Hex.of(Rakp.rakp3AuthCode(KUID, RC, CONSOLE_SID, ROLE, USER)));
    }

    @Test
    void sessionIntegrityKeyAndK1K2() {
        byte[] sik = Rakp.sik(KUID, RM, RC, ROLE, USER);
        assertEquals(SIK, Hex.of(sik));
        assertEquals(K1, Hex.of(Rakp.k1(sik)));
        assertEquals(K2, Hex.of(Rakp.k2(sik)));
    }

    @Test
    void rakp4IntegrityCheckValueIsTruncatedTo12Bytes() {
        byte[] icv = Rakp.rakp4Icv(Hex.bytes(SIK), RM, BMC_SID, GUID);
        assertArrayEquals(Hex.bytes("d1c8156e6d8713c8a966adfb"), icv);
    }
}
