package org.vigil.fence.ipmi;

import java.util.Arrays;
import java.util.Locale;

/**
 * Wire formats of IPMI v2.0 over LAN, written from the IPMI v2.0 specification (rev. 1.1):
 * the RMCP header (section 13.1), the IPMI v1.5 session-less packet used for Get Channel
 * Authentication Capabilities (13.6), the RMCP+ session header and trailer (13.6, 13.28),
 * and the IPMI LAN message with its two checksums (13.8). Pure functions only: the
 * session state lives in {@link IpmiSession}, the keys in {@link SessionKeys}.
 */
final class Ipmi {

    /** RMCP version 1.0, reserved, sequence number 0xFF (no RMCP ACK), class IPMI. */
    static final byte[] RMCP_HEADER = {0x06, 0x00, (byte) 0xFF, 0x07};
    /** Authentication type "none" (IPMI v1.5 session header). */
    static final int AUTH_NONE = 0x00;
    /** Authentication type/format "RMCP+" (IPMI v2.0 session header). */
    static final int AUTH_RMCP_PLUS = 0x06;

    /** Payload types (table 13-16). */
    static final int PAYLOAD_IPMI = 0x00;
    static final int PAYLOAD_OPEN_SESSION_REQUEST = 0x10;
    static final int PAYLOAD_OPEN_SESSION_RESPONSE = 0x11;
    static final int PAYLOAD_RAKP1 = 0x12;
    static final int PAYLOAD_RAKP2 = 0x13;
    static final int PAYLOAD_RAKP3 = 0x14;
    static final int PAYLOAD_RAKP4 = 0x15;

    /** Network functions (requests; the response is the next odd number). */
    static final int NETFN_CHASSIS = 0x00;
    static final int NETFN_APP = 0x06;

    /** Commands. */
    static final int CMD_CHASSIS_GET_STATUS = 0x01;
    static final int CMD_CHASSIS_CONTROL = 0x02;
    static final int CMD_GET_CHANNEL_AUTH_CAPABILITIES = 0x38;
    static final int CMD_SET_SESSION_PRIVILEGE = 0x3B;
    static final int CMD_CLOSE_SESSION = 0x3C;

    /** The BMC's slave address and the remote console's software id. */
    static final int BMC_ADDRESS = 0x20;
    static final int CONSOLE_SWID = 0x81;

    /** Bytes from the start of the datagram to the RMCP+ payload (no OEM payload). */
    static final int RMCP_PLUS_HEADER_LENGTH = 16;
    /** The length of an HMAC-SHA1-96 AuthCode. */
    static final int AUTHCODE_LENGTH = 12;
    /** The RMCP+ trailer's "next header" byte. */
    static final int NEXT_HEADER = 0x07;

    private Ipmi() {
    }

    /** An IPMI response message as it came from the BMC. */
    record Response(int netFn, int cmd, int rqSeq, int completionCode, byte[] data) {
    }

    /**
     * One decoded datagram.
     *
     * @param payloadType   the RMCP+ payload type ({@link #PAYLOAD_IPMI} for an IPMI v1.5 packet)
     * @param sessionId     the session id in the header
     * @param sequence      the session sequence number in the header
     * @param payload       the payload, decrypted when it was encrypted
     * @param authenticated whether its AuthCode was present and checked
     * @param encrypted     whether it was encrypted
     */
    record Inbound(int payloadType, int sessionId, int sequence, byte[] payload, boolean authenticated,
                   boolean encrypted) {
    }

    // ---------------------------------------------------------------- IPMI messages

    /**
     * The two's-complement checksum of a range: the byte that makes the range sum to 0.
     *
     * @param b   bytes
     * @param off first byte
     * @param len how many
     * @return the checksum byte
     */
    static byte checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += b[i] & 0xFF;
        }
        return (byte) (-sum);
    }

    /**
     * Encodes an IPMI request message for LAN (section 13.8): rsAddr, netFn/rsLUN, checksum,
     * rqAddr, rqSeq/rqLUN, cmd, data, checksum.
     *
     * @param netFn the network function
     * @param cmd   the command
     * @param rqSeq the requester's sequence number (6 bits)
     * @param data  the request data
     * @return the message
     */
    static byte[] request(int netFn, int cmd, int rqSeq, byte[] data) {
        byte[] m = new byte[7 + data.length];
        m[0] = (byte) BMC_ADDRESS;
        m[1] = (byte) (netFn << 2);
        m[2] = checksum(m, 0, 2);
        m[3] = (byte) CONSOLE_SWID;
        m[4] = (byte) ((rqSeq & 0x3F) << 2);
        m[5] = (byte) cmd;
        System.arraycopy(data, 0, m, 6, data.length);
        m[m.length - 1] = checksum(m, 3, m.length - 4);
        return m;
    }

    /**
     * Decodes an IPMI response message: rqAddr, netFn/rqLUN, checksum, rsAddr, rqSeq/rsLUN,
     * cmd, completion code, data, checksum; both checksums are checked.
     *
     * @param m the message
     * @return the response
     * @throws IpmiException when it is too short or a checksum is wrong
     */
    static Response response(byte[] m) throws IpmiException {
        if (m.length < 8) {
            throw new IpmiException("IPMI response too short (" + m.length + " bytes)");
        }
        if (checksum(m, 0, 3) != 0 || checksum(m, 3, m.length - 3) != 0) {
            throw new IpmiException("IPMI response with a wrong checksum");
        }
        return new Response((m[1] & 0xFF) >> 2, m[5] & 0xFF, (m[4] & 0xFF) >> 2, m[6] & 0xFF,
                Arrays.copyOfRange(m, 7, m.length - 1));
    }

    // ---------------------------------------------------------------- datagrams

    /**
     * Wraps an IPMI message in an IPMI v1.5 session-less packet (authentication type none,
     * session id and sequence 0), as used before a session exists.
     *
     * @param message the IPMI message
     * @return the datagram
     */
    static byte[] v15Packet(byte[] message) {
        byte[] d = new byte[4 + 10 + message.length];
        System.arraycopy(RMCP_HEADER, 0, d, 0, 4);
        d[4] = AUTH_NONE;
        // sequence (4 bytes) and session id (4 bytes) stay 0
        d[13] = (byte) message.length;
        System.arraycopy(message, 0, d, 14, message.length);
        return d;
    }

    /**
     * Wraps a payload in an RMCP+ packet. Without keys the payload goes in clear with no
     * trailer (session set-up); with keys it is encrypted (AES-CBC-128, a fresh IV) and
     * followed by the integrity pad, pad length, next header and the HMAC-SHA1-96 AuthCode
     * over everything from the authentication type on.
     *
     * @param payloadType the payload type
     * @param sessionId   the receiver's session id (0 before the session is up)
     * @param sequence    the session sequence number (0 before the session is up)
     * @param payload     the payload in clear
     * @param keys        the session's keys, or null
     * @param iv          the 16-byte IV to encrypt with (ignored without keys)
     * @return the datagram
     * @throws IpmiException when the cipher fails
     */
    static byte[] rmcpPlusPacket(int payloadType, int sessionId, int sequence, byte[] payload, SessionKeys keys,
                                 byte[] iv) throws IpmiException {
        byte[] body = keys == null ? payload : keys.encrypt(payload, iv);
        int type = payloadType & 0x3F;
        if (keys != null) {
            type |= 0xC0; // encrypted, authenticated
        }
        int pad = keys == null ? 0 : integrityPad(body.length);
        int length = RMCP_PLUS_HEADER_LENGTH + body.length + (keys == null ? 0 : pad + 2 + AUTHCODE_LENGTH);
        byte[] d = new byte[length];
        System.arraycopy(RMCP_HEADER, 0, d, 0, 4);
        d[4] = AUTH_RMCP_PLUS;
        d[5] = (byte) type;
        putInt(d, 6, sessionId);
        putInt(d, 10, sequence);
        d[14] = (byte) body.length;
        d[15] = (byte) (body.length >> 8);
        System.arraycopy(body, 0, d, 16, body.length);
        if (keys != null) {
            int p = 16 + body.length;
            for (int i = 0; i < pad; i++) {
                d[p++] = (byte) 0xFF;
            }
            d[p++] = (byte) pad;
            d[p++] = NEXT_HEADER;
            byte[] auth = keys.authCode(d, 4, p - 4);
            System.arraycopy(auth, 0, d, p, AUTHCODE_LENGTH);
        }
        return d;
    }

    /**
     * The number of 0xFF integrity pad bytes after a payload so that everything from the
     * authentication type through the next header is a multiple of 4 bytes.
     *
     * @param payloadLength the (encrypted) payload's length
     * @return 0 to 3
     */
    static int integrityPad(int payloadLength) {
        int covered = (RMCP_PLUS_HEADER_LENGTH - 4) + payloadLength + 2;
        return (4 - covered % 4) % 4;
    }

    /**
     * Decodes one datagram from a BMC: an IPMI v1.5 session-less packet or an RMCP+ packet.
     * An authenticated RMCP+ packet is checked with the keys' integrity algorithm and, when
     * encrypted, decrypted.
     *
     * @param d    the datagram
     * @param len  its length
     * @param keys the session's keys, or null before the session is up
     * @return what it holds
     * @throws IpmiException when it is malformed, not IPMI, fails its integrity check or
     *                       needs keys we do not have
     */
    static Inbound decode(byte[] d, int len, SessionKeys keys) throws IpmiException {
        if (len < 5 || d[0] != RMCP_HEADER[0] || (d[3] & 0x1F) != 0x07) {
            throw new IpmiException("not an RMCP/IPMI datagram");
        }
        int authType = d[4] & 0x0F;
        if (authType == AUTH_NONE) {
            if (len < 14) {
                throw new IpmiException("IPMI v1.5 packet too short");
            }
            int mlen = d[13] & 0xFF;
            if (14 + mlen > len) {
                throw new IpmiException("IPMI v1.5 packet shorter than its length field");
            }
            return new Inbound(PAYLOAD_IPMI, getInt(d, 9), getInt(d, 5), Arrays.copyOfRange(d, 14, 14 + mlen),
                    false, false);
        }
        if (authType != AUTH_RMCP_PLUS) {
            throw new IpmiException("unsupported authentication type " + hex(authType)
                    + " in a packet from the BMC");
        }
        if (len < RMCP_PLUS_HEADER_LENGTH) {
            throw new IpmiException("RMCP+ packet too short");
        }
        boolean encrypted = (d[5] & 0x80) != 0;
        boolean authenticated = (d[5] & 0x40) != 0;
        int type = d[5] & 0x3F;
        if (type == 0x02) {
            throw new IpmiException("OEM explicit payloads are not supported");
        }
        int sessionId = getInt(d, 6);
        int sequence = getInt(d, 10);
        int plen = (d[14] & 0xFF) | (d[15] & 0xFF) << 8;
        if (RMCP_PLUS_HEADER_LENGTH + plen > len) {
            throw new IpmiException("RMCP+ packet shorter than its payload length");
        }
        if ((authenticated || encrypted) && keys == null) {
            throw new IpmiException("authenticated or encrypted packet without a session");
        }
        if (authenticated) {
            int end = RMCP_PLUS_HEADER_LENGTH + plen;
            int trailer = len - end;
            if (trailer < 2 + AUTHCODE_LENGTH) {
                throw new IpmiException("RMCP+ packet without its integrity trailer");
            }
            int pad = trailer - 2 - AUTHCODE_LENGTH;
            int nextHeader = len - AUTHCODE_LENGTH - 1;
            if ((d[nextHeader] & 0xFF) != NEXT_HEADER || (d[nextHeader - 1] & 0xFF) != pad) {
                throw new IpmiException("RMCP+ integrity trailer malformed");
            }
            byte[] expected = keys.authCode(d, 4, len - AUTHCODE_LENGTH - 4);
            if (!SessionKeys.constantTimeEquals(expected, 0, d, len - AUTHCODE_LENGTH, AUTHCODE_LENGTH)) {
                throw new IpmiException("RMCP+ packet failed its integrity check");
            }
        }
        byte[] payload = Arrays.copyOfRange(d, RMCP_PLUS_HEADER_LENGTH, RMCP_PLUS_HEADER_LENGTH + plen);
        if (encrypted) {
            payload = keys.decrypt(payload);
        }
        return new Inbound(type, sessionId, sequence, payload, authenticated, encrypted);
    }

    // ---------------------------------------------------------------- little-endian helpers

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    static byte[] le32(int v) {
        byte[] b = new byte[4];
        putInt(b, 0, v);
        return b;
    }

    static String hex(int v) {
        return String.format(Locale.ROOT, "0x%02X", v);
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format(Locale.ROOT, "%02x", x));
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- codes for people

    /**
     * @param code an RMCP+ status code (Open Session Response, RAKP 2 and 4; table 13-15)
     * @return what it means
     */
    static String rmcpPlusStatusText(int code) {
        switch (code) {
            case 0x00: return "no errors";
            case 0x01: return "insufficient resources to create a session";
            case 0x02: return "invalid session id";
            case 0x03: return "invalid payload type";
            case 0x04: return "invalid authentication algorithm";
            case 0x05: return "invalid integrity algorithm";
            case 0x06: return "no matching authentication payload";
            case 0x07: return "no matching integrity payload";
            case 0x08: return "inactive session id";
            case 0x09: return "invalid role";
            case 0x0A: return "unauthorized role or privilege level requested";
            case 0x0B: return "insufficient resources to create a session at the requested role";
            case 0x0C: return "invalid name length";
            case 0x0D: return "unauthorized name";
            case 0x0E: return "unauthorized GUID";
            case 0x0F: return "invalid integrity check value";
            case 0x10: return "invalid confidentiality algorithm";
            case 0x11: return "no cipher suite match with proposed security algorithms";
            case 0x12: return "illegal or unrecognized parameter";
            default: return "status " + hex(code);
        }
    }

    /**
     * @param code an IPMI completion code (table 5-2, and the command-specific ones we meet)
     * @return what it means
     */
    static String completionCodeText(int code) {
        switch (code) {
            case 0x00: return "command completed normally";
            case 0x80: return "requested level not available for this user";
            case 0x81: return "requested level exceeds the channel or user privilege limit";
            case 0xC0: return "node busy";
            case 0xC1: return "invalid command";
            case 0xC2: return "command invalid for the given LUN";
            case 0xC3: return "timeout while processing the command";
            case 0xC4: return "out of space";
            case 0xC5: return "reservation cancelled or invalid";
            case 0xC6: return "request data truncated";
            case 0xC7: return "request data length invalid";
            case 0xC8: return "request data field length limit exceeded";
            case 0xC9: return "parameter out of range";
            case 0xCA: return "cannot return the number of requested data bytes";
            case 0xCB: return "requested sensor, data or record not present";
            case 0xCC: return "invalid data field in request";
            case 0xCD: return "command illegal for the specified sensor or record type";
            case 0xCE: return "command response could not be provided";
            case 0xCF: return "cannot execute a duplicated request";
            case 0xD0: return "SDR repository in update mode";
            case 0xD1: return "device in firmware update mode";
            case 0xD2: return "BMC initialization in progress";
            case 0xD3: return "destination unavailable";
            case 0xD4: return "insufficient privilege level";
            case 0xD5: return "command not supported in the present state";
            case 0xD6: return "sub-function disabled or unavailable";
            case 0xFF: return "unspecified error";
            default: return "unknown completion code";
        }
    }
}
