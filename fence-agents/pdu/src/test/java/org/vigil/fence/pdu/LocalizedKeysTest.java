package org.vigil.fence.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.smi.OctetString;

/** v3 key localization (RFC 3414 A.3 vectors) and the cache in front of it. */
class LocalizedKeysTest {
    private static final byte[] ENGINE = HexFormat.of().parseHex("000000000000000000000002");

    @Test
    void keysAreLocalizedAsRfc3414SaysAndComputedOnce() {
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
        protocols.addAuthenticationProtocol(new AuthMD5());
        protocols.addAuthenticationProtocol(new AuthSHA());
        LocalizedKeys keys = new LocalizedKeys();
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            byte[] md5 = keys.get("auth md5", "maplesyrup", ENGINE, () -> {
                computed.incrementAndGet();
                return protocols.passwordToKey(AuthMD5.ID, new OctetString("maplesyrup"), ENGINE);
            });
            assertEquals("526f5eed9fcce26f8964c2930787d82b", HexFormat.of().formatHex(md5));
            byte[] sha = keys.get("auth sha", "maplesyrup", ENGINE, () -> {
                computed.incrementAndGet();
                return protocols.passwordToKey(AuthSHA.ID, new OctetString("maplesyrup"), ENGINE);
            });
            assertEquals("6695febc9288e36282235fc7151f128497b38f3f", HexFormat.of().formatHex(sha));
        }
        assertEquals(2, computed.get());
        byte[] other = keys.get("auth md5", "maplesyrup", HexFormat.of().parseHex("000000000000000000000003"),
                () -> new byte[] {1});
        assertEquals(1, other.length, "another engine is another key");
    }

    @Test
    void theCacheKeepsTheMostRecentEntriesOnly() {
        LocalizedKeys keys = new LocalizedKeys();
        for (int i = 0; i < LocalizedKeys.SIZE + 10; i++) {
            keys.get("auth", "password" + i, ENGINE, () -> new byte[16]);
        }
        assertEquals(LocalizedKeys.SIZE, keys.size());
    }
}
