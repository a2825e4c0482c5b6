package org.vigil.fence.ilo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a certificate (of its DER encoding, as {@code openssl x509 -fingerprint
 * -sha256} prints it). Written {@code SHA256:AB:CD:...}; read with or without the {@code SHA256:}
 * prefix, with or without colons.
 */
final class Fingerprint {
    private final byte[] sha256;

    private Fingerprint(byte[] sha256) {
        this.sha256 = sha256;
    }

    /**
     * @param text {@code SHA256:AB:CD:...}, {@code AB:CD:...}, {@code abcd...} (64 hex digits) or
     *             openssl's {@code sha256 Fingerprint=AB:CD:...}
     * @return the fingerprint
     * @throws IllegalArgumentException when it is not 32 bytes of hex
     */
    static Fingerprint parse(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"sha256 fingerprint=", "sha256:", "sha-256:"}) {
            if (lower.startsWith(prefix)) {
                t = t.substring(prefix.length());
                break;
            }
        }
        String hex = t.replace(":", "").replace(" ", "");
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("ssl_fingerprint must be a SHA-256 fingerprint (SHA256: then 32 bytes "
                    + "in hex, e.g. SHA256:AB:CD:...), not '" + text.trim() + "'");
        }
        return new Fingerprint(HexFormat.of().parseHex(hex));
    }

    /**
     * @param certificate a certificate
     * @return its SHA-256 fingerprint
     */
    static Fingerprint of(X509Certificate certificate) {
        try {
            return new Fingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute the SHA-256 fingerprint of a certificate", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint && MessageDigest.isEqual(sha256, ((Fingerprint) o).sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    /** @return {@code SHA256:AB:CD:...} */
    @Override
    public String toString() {
        return "SHA256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }
}
