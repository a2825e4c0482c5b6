package org.vigil.fence.ipmi;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one RMCP+ session with cipher suite 3: K1 for HMAC-SHA1-96 integrity and the
 * first 16 bytes of K2 for AES-CBC-128 confidentiality (IPMI v2.0 sections 13.28.4, 13.29).
 * Not thread-safe: one per session.
 */
final class SessionKeys {
    private static final int BLOCK = 16;
    private final byte[] k1;
    private final byte[] aesKey;
    private final Mac mac;
    private final Cipher cipher;

    /**
     * @param sik the Session Integrity Key
     */
    SessionKeys(byte[] sik) {
        this.k1 = Rakp.k1(sik);
        byte[] k2 = Rakp.k2(sik);
        this.aesKey = Arrays.copyOf(k2, BLOCK);
        Arrays.fill(k2, (byte) 0);
        try {
            this.mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(k1, "HmacSHA1"));
            this.cipher = Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 or AES/CBC unavailable in this JVM", e);
        }
    }

    /**
     * The AuthCode of an outgoing or incoming packet: HMAC-SHA1 keyed with K1, first 12 bytes.
     *
     * @param b   the packet
     * @param off where the covered bytes start (the authentication type byte)
     * @param len how many (through the next header byte)
     * @return 12 bytes
     */
    byte[] authCode(byte[] b, int off, int len) {
        mac.update(b, off, len);
        return Arrays.copyOf(mac.doFinal(), Ipmi.AUTHCODE_LENGTH);
    }

    /**
     * Encrypts a payload: the confidentiality pad (1, 2, 3, ...) and its length byte bring it
     * to whole AES blocks; the IV goes first.
     *
     * @param payload the payload in clear
     * @param iv      16 random bytes
     * @return IV followed by the cipher text
     * @throws IpmiException when the cipher fails
     */
    byte[] encrypt(byte[] payload, byte[] iv) throws IpmiException {
        int pad = (BLOCK - (payload.length + 1) % BLOCK) % BLOCK;
        byte[] plain = new byte[payload.length + pad + 1];
        System.arraycopy(payload, 0, plain, 0, payload.length);
        for (int i = 0; i < pad; i++) {
            plain[payload.length + i] = (byte) (i + 1);
        }
        plain[plain.length - 1] = (byte) pad;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv, 0, BLOCK));
            byte[] out = new byte[BLOCK + plain.length];
            System.arraycopy(iv, 0, out, 0, BLOCK);
            cipher.doFinal(plain, 0, plain.length, out, BLOCK);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IpmiException("AES-CBC-128 encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a payload and removes and checks its confidentiality pad.
     *
     * @param ivAndCipherText the IV followed by the cipher text
     * @return the payload in clear
     * @throws IpmiException when the length or the pad is wrong
     */
    byte[] decrypt(byte[] ivAndCipherText) throws IpmiException {
        int n = ivAndCipherText.length - BLOCK;
        if (n < BLOCK || n % BLOCK != 0) {
            throw new IpmiException("encrypted payload of a wrong length (" + ivAndCipherText.length + " bytes)");
        }
        byte[] plain;
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"),
                    new IvParameterSpec(ivAndCipherText, 0, BLOCK));
            plain = cipher.doFinal(ivAndCipherText, BLOCK, n);
        } catch (GeneralSecurityException e) {
            throw new IpmiException("AES-CBC-128 decryption failed: " + e.getMessage(), e);
        }
        int pad = plain[plain.length - 1] & 0xFF;
        if (pad >= BLOCK || pad + 1 > plain.length) {
            throw new IpmiException("encrypted payload with a bad confidentiality pad");
        }
        for (int i = 0; i < pad; i++) {
            if ((plain[plain.length - 1 - pad + i] & 0xFF) != i + 1) {
                throw new IpmiException("encrypted payload with a bad confidentiality pad");
            }
        }
        return Arrays.copyOf(plain, plain.length - 1 - pad);
    }

    /** Wipes the keys. */
    void destroy() {
        Arrays.fill(k1, (byte) 0);
        Arrays.fill(aesKey, (byte) 0);
    }

    /**
     * Compares without an early exit.
     *
     * @param a    first array
     * @param aOff where to start in it
     * @param b    second array
     * @param bOff where to start in it
     * @param len  how many bytes
     * @return true when equal
     */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        if (aOff + len > a.length || bOff + len > b.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    @Override
    public String toString() {
        return "SessionKeys[****]";
    }
}
