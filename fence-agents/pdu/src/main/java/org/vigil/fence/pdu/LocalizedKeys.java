package org.vigil.fence.pdu;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small cache of SNMPv3 keys localized to one PDU's engine (RFC 3414 A.2: a password is
 * hashed over 1 MB, then with the engine ID). Computing them is most of a v3 action's CPU time,
 * and a fencing daemon asks the same PDU again and again. Entries are found by a SHA-256 of
 * (protocol, password, engine ID), so no password is kept here; a localized key is only good for
 * that one engine. At most {@value #SIZE} entries, least recently used dropped first.
 */
final class LocalizedKeys {
    static final int SIZE = 32;

    private final Map<String, byte[]> keys = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > SIZE;
        }
    };

    /**
     * @param protocol  the protocol(s) the key is for, e.g. "auth 1.3.6.1.6.3.10.1.1.3"
     * @param password  the password
     * @param engineId  the PDU's engine ID
     * @param localize  computes the key when it is not cached
     * @return the localized key (a copy)
     */
    byte[] get(String protocol, String password, byte[] engineId, Supplier<byte[]> localize) {
        String id = fingerprint(protocol, password, engineId);
        byte[] key;
        synchronized (keys) {
            key = keys.get(id);
        }
        if (key == null) {
            key = localize.get();
            synchronized (keys) {
                keys.put(id, key.clone());
            }
        }
        return key.clone();
    }

    private static String fingerprint(String protocol, String password, byte[] engineId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(protocol.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(engineId);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** @return how many keys are cached */
    int size() {
        synchronized (keys) {
            return keys.size();
        }
    }
}
