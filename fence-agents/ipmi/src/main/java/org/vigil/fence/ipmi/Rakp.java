package org.vigil.fence.ipmi;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RAKP-HMAC-SHA1 (IPMI v2.0 section 13.31, 13.32): the key exchange authentication codes
 * of RAKP messages 2, 3 and 4, and the Session Integrity Key with K1 and K2 derived from it.
 *
 * <p>Names as in the specification: Rm/Rc are the remote console's and the managed
 * system's (BMC's) random numbers, SIDm/SIDc their session ids (as the 4 bytes on the wire,
 * little-endian), GUIDc the BMC's GUID, ROLEm the whole requested-role byte of RAKP 1,
 * UNAMEm the user name. Kuid is the user's password padded with zeros to 20 bytes.
 */
final class Rakp {
    /** Length of an HMAC-SHA1 output and of Kuid. */
    static final int KEY_LENGTH = 20;
    /** Length of the RAKP 4 integrity check value for RAKP-HMAC-SHA1 (HMAC-SHA1-96). */
    static final int ICV_LENGTH = 12;

    private Rakp() {
    }

    /**
     * @param password the user's password (at most 20 bytes)
     * @return Kuid: the password padded with zeros to 20 bytes (a new array the caller wipes)
     */
    static byte[] kuid(byte[] password) {
        if (password.length > KEY_LENGTH) {
            throw new IllegalArgumentException("password longer than 20 bytes");
        }
        return Arrays.copyOf(password, KEY_LENGTH);
    }

    /**
     * The code the BMC puts in RAKP 2: HMAC-SHA1 keyed with Kuid over
     * SIDm, SIDc, Rm, Rc, GUIDc, ROLEm, ULENGTHm, UNAMEm.
     */
    static byte[] rakp2AuthCode(byte[] kuid, int consoleSid, int bmcSid, byte[] rm, byte[] rc, byte[] guid,
                                int role, byte[] user) {
        return hmacSha1(kuid, Ipmi.le32(consoleSid), Ipmi.le32(bmcSid), rm, rc, guid,
                new byte[] {(byte) role, (byte) user.length}, user);
    }

    /** The code we put in RAKP 3: HMAC-SHA1 keyed with Kuid over Rc, SIDm, ROLEm, ULENGTHm, UNAMEm. */
    static byte[] rakp3AuthCode(byte[] kuid, byte[] rc, int consoleSid, int role, byte[] user) {
        return hmacSha1(kuid, rc, Ipmi.le32(consoleSid), new byte[] {(byte) role, (byte) user.length}, user);
    }

    /**
     * The Session Integrity Key: HMAC-SHA1 keyed with K[G] (the BMC key, or Kuid when the
     * BMC has none) over Rm, Rc, ROLEm, ULENGTHm, UNAMEm.
     */
    static byte[] sik(byte[] kg, byte[] rm, byte[] rc, int role, byte[] user) {
        return hmacSha1(kg, rm, rc, new byte[] {(byte) role, (byte) user.length}, user);
    }

    /** The BMC's RAKP 4 integrity check value: HMAC-SHA1 keyed with SIK over Rm, SIDc, GUIDc, first 12 bytes. */
    static byte[] rakp4Icv(byte[] sik, byte[] rm, int bmcSid, byte[] guid) {
        return Arrays.copyOf(hmacSha1(sik, rm, Ipmi.le32(bmcSid), guid), ICV_LENGTH);
    }

    /** K1 = HMAC-SHA1 keyed with SIK over twenty bytes 0x01 (integrity key). */
    static byte[] k1(byte[] sik) {
        return constantKey(sik, 0x01);
    }

    /** K2 = HMAC-SHA1 keyed with SIK over twenty bytes 0x02 (its first 16 bytes are the AES key). */
    static byte[] k2(byte[] sik) {
        return constantKey(sik, 0x02);
    }

    private static byte[] constantKey(byte[] sik, int constant) {
        byte[] c = new byte[KEY_LENGTH];
        Arrays.fill(c, (byte) constant);
        return hmacSha1(sik, c);
    }

    /**
     * @param key   the key (not empty)
     * @param parts the message, in pieces
     * @return HMAC-SHA1 of the concatenated pieces
     */
    static byte[] hmacSha1(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable in this JVM", e);
        }
    }
}
