package org.vigil.membership;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodecTest {

    private static final ClusterKey KEY = ClusterKey.of(key(1));
    private static final ClusterKey OTHER_KEY = ClusterKey.of(key(2));

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void heartbeatRoundTrips() throws Exception {
        Heartbeat hb = new Heartbeat("démo", "node-é", 3, 42L, 1000L, 7L, true, 9L, List.of(3, 1, 2), Set.of(1, 3));
        byte[] bytes = new HeartbeatCodec(KEY).encode(hb);
        assertEquals(hb, new HeartbeatCodec(KEY).decode(bytes, bytes.length));
    }

    @Test
    void heartbeatUnderAnotherKeyIsRefused() {
        Heartbeat hb = new Heartbeat("demo", "node1", 1, 1L, 1L, 1L, false, 0L, List.of(1), Set.of(1));
        byte[] bytes = new HeartbeatCodec(OTHER_KEY).encode(hb);
        RefusedException e = assertThrows(RefusedException.class, () -> new HeartbeatCodec(KEY).decode(bytes, bytes.length));
        assertTrue(e.getMessage().contains("bad authentication"), e.getMessage());
    }

    @Test
    void tamperedHeartbeatIsRefused() {
        Heartbeat hb = new Heartbeat("demo", "node1", 1, 1L, 1L, 1L, false, 0L, List.of(1), Set.of(1));
        byte[] bytes = new HeartbeatCodec(KEY).encode(hb);
        bytes[20] ^= 1;
        assertThrows(RefusedException.class, () -> new HeartbeatCodec(KEY).decode(bytes, bytes.length));
    }

    @Test
    void truncatedDatagramIsRefused() {
        assertThrows(RefusedException.class, () -> new HeartbeatCodec(KEY).decode(new byte[10], 10));
    }

    @Test
    void envelopeRoundTripsAndIsAuthenticated() throws Exception {
        Envelope e = new Envelope(Envelope.Kind.REQUEST, "node1", "node2", "vigil.test", 5L, 6L, 7L,
            "hello".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = new EnvelopeCodec(KEY).encode(e);
        Envelope back = new EnvelopeCodec(KEY).decode(bytes);
        assertEquals(e.kind(), back.kind());
        assertEquals(e.topic(), back.topic());
        assertArrayEquals(e.payload(), back.payload());
        assertThrows(RefusedException.class, () -> new EnvelopeCodec(OTHER_KEY).decode(bytes));
        bytes[bytes.length - 40] ^= 1;
        assertThrows(RefusedException.class, () -> new EnvelopeCodec(KEY).decode(bytes));
    }

    @Test
    void transportClusterNameDependsOnTheKeyAndHidesIt() {
        String a = KEY.transportClusterName("demo");
        assertEquals(a, ClusterKey.of(key(1)).transportClusterName("demo"));
        assertTrue(!a.equals(OTHER_KEY.transportClusterName("demo")));
        assertTrue(a.startsWith("vigil-demo-"));
        assertEquals("ClusterKey[****]", KEY.toString());
    }

    @Test
    void replayWindowAcceptsEachSequenceOnce() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(1, 1));
        assertTrue(w.accept(1, 3));
        assertTrue(w.accept(1, 2));
        assertTrue(!w.accept(1, 2));
        assertTrue(w.accept(1, 10_000));
        assertTrue(!w.accept(1, 3), "too old for the window");
    }
}
