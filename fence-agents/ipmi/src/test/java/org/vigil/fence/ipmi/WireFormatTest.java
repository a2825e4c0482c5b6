package org.vigil.fence.ipmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Packet encoding and decoding. Expected bytes were written out by hand from the IPMI v2.0
 * specification's layouts (checksums computed by hand) and, for the encrypted packet, with
 * {@code openssl enc -aes-128-cbc -nopad} and {@code openssl dgst -sha1 -mac HMAC}:
 *
 * <pre>
 * K2[0:16]=8bd9b8ce0674b5d745ced91e728ac1a5  IV=f0e0d0c0b0a090807060504030201000
 * plain = 2018c88104017a (Get Device ID, rqSeq 1) + pad 0102030405060708 + pad length 08
 * CT    = 84d5006be4b1bdde4deaede00900f415
 * AuthCode = first 12 bytes of HMAC-SHA1(K1, 06c0 d0c0b0a0 01000000 2000 IV CT ffff 02 07)
 *          = e594a56a373358717b2b9945
 * </pre>
 */
class WireFormatTest {
    private static final byte[] SIK = Hex.bytes(RakpTest.SIK);
    private static final byte[] IV = Hex.bytes("f0e0d0c0b0a090807060504030201000");
    private static final byte[] GET_DEVICE_ID_SEQ1 = Hex.bytes("2018c88104017a");
    private static final String ENCRYPTED_PACKET = "0600ff07" + "06c0" + "d0c0b0a0" + "01000000" + "2000"
            + "f0e0d0c0b0a090807060504030201000" + "84d5006be4b1bdde4deaede00900f415" + "ffff" + "02" + "07"
            + "e594a56a373358717b2b9945";

    @Test
    void checksumIsTheTwosComplementOfTheSum() {
        assertEquals((byte) 0xC8, Ipmi.checksum(new byte[] {0x20, 0x18}, 0, 2));
        assertEquals((byte) 0x00, Ipmi.checksum(new byte[0], 0, 0));
    }

    @Test
    void getChannelAuthenticationCapabilitiesRequestAsInTheSpecification() {
        byte[] d = Ipmi.v15Packet(Ipmi.request(Ipmi.NETFN_APP, Ipmi.CMD_GET_CHANNEL_AUTH_CAPABILITIES, 0,
                new byte[] {(byte) 0x8E, 0x04}));
        assertEquals("0600ff07" + "00" + "00000000" + "00000000" + "09" + "2018c8" + "810038" + "8e04" + "b5", Hex.of(d));
    }

    @Test
    void requestCarriesTheSequenceNumberAndBothChecksums() {
        assertArrayEquals(GET_DEVICE_ID_SEQ1, Ipmi.request(Ipmi.NETFN_APP, 0x01, 1, new byte[0]));
        // Chassis Control power down, rqSeq 63: 81 fc 02 00 -> 0x17f -> checksum 0x81
        assertEquals("2000e0" + "81fc020081", Hex.of(Ipmi.request(Ipmi.NETFN_CHASSIS, 0x02, 63, new byte[] {0})));
    }

    @Test
    void responseIsDecodedAndItsChecksumsChecked() throws Exception {
        // Get Chassis Status response, rqSeq 5, cc 0, power on
        byte[] m = Hex.bytes("81047b" + "201401" + "00" + "010000" + "ca");
        Ipmi.Response r = Ipmi.response(m);
        assertEquals(0x01, r.netFn());
        assertEquals(0x01, r.cmd());
        assertEquals(5, r.rqSeq());
        assertEquals(0, r.completionCode());
        assertArrayEquals(new byte[] {1, 0, 0}, r.data());
        byte[] bad = m.clone();
        bad[7] = 0; // power off, checksum not fixed
        assertThrows(IpmiException.class, () -> Ipmi.response(bad));
        byte[] badHeader = m.clone();
        badHeader[2] = 0;
        assertThrows(IpmiException.class, () -> Ipmi.response(badHeader));
        assertThrows(IpmiException.class, () -> Ipmi.response(Hex.bytes("81047b2014")));
    }

    @Test
    void v15PacketIsDecoded() throws Exception {
        byte[] msg = Hex.bytes("81047b" + "201401" + "00" + "010000" + "ca");
        Ipmi.Inbound in = Ipmi.decode(Ipmi.v15Packet(msg), 14 + msg.length, null);
        assertEquals(Ipmi.PAYLOAD_IPMI, in.payloadType());
        assertFalse(in.authenticated());
        assertArrayEquals(msg, in.payload());
    }

    @Test
    void setupPacketsGoInClearWithSessionZero() throws Exception {
        byte[] payload = new byte[32];
        payload[0] = 7;
        byte[] d = Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_OPEN_SESSION_REQUEST, 0, 0, payload, null, null);
        assertEquals("0600ff07" + "0610" + "00000000" + "00000000" + "2000", Hex.of(Arrays.copyOf(d, 16)));
        assertEquals(48, d.length);
        Ipmi.Inbound in = Ipmi.decode(d, d.length, null);
        assertEquals(Ipmi.PAYLOAD_OPEN_SESSION_REQUEST, in.payloadType());
        assertArrayEquals(payload, in.payload());
    }

    @Test
    void integrityPadMakesTheCoveredBytesAMultipleOfFour() {
        for (int len = 0; len < 64; len++) {
            int pad = Ipmi.integrityPad(len);
            assertTrue(pad >= 0 && pad < 4);
            assertEquals(0, (12 + len + pad + 2) % 4, "payload length " + len);
        }
    }

    @Test
    void encryptedAuthenticatedPacketMatchesTheKnownAnswer() throws Exception {
        SessionKeys keys = new SessionKeys(SIK);
        byte[] d = Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_IPMI, RakpTest.BMC_SID, 1, GET_DEVICE_ID_SEQ1, keys, IV);
        assertEquals(ENCRYPTED_PACKET, Hex.of(d));
    }

    @Test
    void encryptedAuthenticatedPacketIsDecodedAndChecked() throws Exception {
        SessionKeys keys = new SessionKeys(SIK);
        byte[] d = Hex.bytes(ENCRYPTED_PACKET);
        Ipmi.Inbound in = Ipmi.decode(d, d.length, keys);
        assertTrue(in.authenticated());
        assertTrue(in.encrypted());
        assertEquals(RakpTest.BMC_SID, in.sessionId());
        assertEquals(1, in.sequence());
        assertArrayEquals(GET_DEVICE_ID_SEQ1, in.payload());
        for (int i = 4; i < d.length; i++) {
            byte[] t = d.clone();
            t[i] ^= 0x01;
            int at = i;
            assertThrows(IpmiException.class, () -> Ipmi.decode(t, t.length, keys), "tampered byte " + at);
        }
        assertThrows(IpmiException.class, () -> Ipmi.decode(d, d.length, null), "no keys");
        SessionKeys other = new SessionKeys(RakpTest.KUID);
        assertThrows(IpmiException.class, () -> Ipmi.decode(d, d.length, other), "other keys");
    }

    @Test
    void truncatedAndForeignDatagramsAreRefused() {
        assertThrows(IpmiException.class, () -> Ipmi.decode(new byte[3], 3, null));
        byte[] asfPing = Hex.bytes("06 00 ff 06 000011be 80 00 00 00");
        assertThrows(IpmiException.class, () -> Ipmi.decode(asfPing, asfPing.length, null));
        byte[] shortPlus = Hex.bytes("0600ff07 0600 00000000 00000000 2000 00");
        assertThrows(IpmiException.class, () -> Ipmi.decode(shortPlus, shortPlus.length, null));
    }
}
