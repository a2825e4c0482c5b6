package org.vigil.membership;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's shared secret (corosync's authkey): authenticates every heartbeat and
 * message between nodes with HMAC-SHA256. Its bytes never leave this class.
 */
final class ClusterKey {

    static final int MAC_LENGTH = 32;
    static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    private ClusterKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * Reads the key file.
     *
     * @throws IllegalStateException with a sentence for people when the file is missing or too short
     */
    static ClusterKey load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cluster key " + file + " cannot be read (" + e.getClass().getSimpleName()
                + "): generate one with bin/vigil-keygen on one node and copy it to every node");
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("cluster key " + file + " holds " + bytes.length + " bytes, at least "
                + MIN_KEY_BYTES + " are needed: generate one with bin/vigil-keygen");
        }
        return new ClusterKey(bytes);
    }

    static ClusterKey of(byte[] secret) {
        return new ClusterKey(secret.clone());
    }

    byte[] mac(byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** @return the body followed by its MAC */
    byte[] sign(byte[] body) {
        byte[] mac = mac(body, 0, body.length);
        byte[] signed = Arrays.copyOf(body, body.length + mac.length);
        System.arraycopy(mac, 0, signed, body.length, mac.length);
        return signed;
    }

    /**
     * Checks, in constant time, the MAC that ends the first {@code length} bytes.
     *
     * @return the length of the body before the MAC
     * @throws RefusedException when the data is too short or not signed with this key
     */
    int verify(byte[] data, int length) throws RefusedException {
        if (length < MAC_LENGTH + 8) {
            throw new RefusedException(length + " bytes are too short to be a Vigil heartbeat or message");
        }
        int bodyLength = length - MAC_LENGTH;
        if (!MessageDigest.isEqual(mac(data, 0, bodyLength), Arrays.copyOfRange(data, bodyLength, length))) {
            throw new RefusedException("bad authentication: not signed with this cluster's key");
        }
        return bodyLength;
    }

    /**
     * The Hazelcast cluster name: derived from the key, so a process without the key cannot
     * even find the Hazelcast cluster (the key itself never travels).
     */
    String transportClusterName(String clusterName) {
        byte[] label = ("vigil transport cluster name:" + clusterName).getBytes(StandardCharsets.UTF_8);
        return "vigil-" + clusterName + "-" + HexFormat.of().formatHex(mac(label, 0, label.length), 0, 8);
    }

    @Override
    public String toString() {
        return "ClusterKey[****]";
    }
}
