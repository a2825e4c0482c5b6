package org.vigil.fence.ipmi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vigil.fence.testpeers.IpmiSim;

/**
 * A BMC in memory behind a {@link Transport}: answers Get Channel Authentication
 * Capabilities, Open Session, RAKP 1 and 3, and in-session Set Session Privilege Level,
 * Get Chassis Status, Chassis Control and Close Session, like ipmi_sim does. It can lose the
 * first answer to chosen requests and send stale answers first, to test retransmission and
 * matching without a network.
 */
final class ScriptedBmcTransport implements Transport {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final byte[] GUID = Hex.bytes("a123456789abcdefa123456789abcdef");

    final List<String> received = new ArrayList<>();
    /** Names of requests whose first answer is lost: gcac, open, rakp1, rakp3, or an IPMI command number. */
    final Set<String> loseFirstAnswer = new HashSet<>();
    /** Before each in-session answer, also send one for another request (wrong rqSeq). */
    boolean staleAnswers;
    /** Never answer anything. */
    boolean silent;
    boolean powerOn = true;
    int closed;
    /** Answer Set Session Privilege Level with completion code 0x81. */
    boolean refusePrivilege;
    /** Forget the session (as a restarted BMC does) after this many in-session commands; negative: never. */
    int forgetSessionAfter = -1;
    private int sessionCommands;

    private final String user;
    private final byte[] password;
    private final Deque<byte[]> outbox = new ArrayDeque<>();
    private final Set<String> lost = new HashSet<>();
    private final int bmcSid = 0x0200_0004;
    private int consoleSid;
    private byte[] rm;
    private final byte[] rc = new byte[16];
    private int role;
    private byte[] name;
    private SessionKeys keys;
    private int outSeq = 1;

    ScriptedBmcTransport(String user, String password) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        RANDOM.nextBytes(rc);
    }

    @Override
    public void send(byte[] d) {
        Ipmi.Inbound in;
        try {
            in = Ipmi.decode(d, d.length, keys);
        } catch (IpmiException e) {
            received.add("garbage: " + e.getMessage());
            return;
        }
        try {
            handle(in);
        } catch (IpmiException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(Ipmi.Inbound in) throws IpmiException {
        byte[] p = in.payload();
        switch (in.payloadType()) {
            case Ipmi.PAYLOAD_IPMI: {
                Ipmi.Response req = request(p);
                String key = in.authenticated() ? Integer.toString(req.cmd()) : "gcac";
                received.add(key);
                if (!in.authenticated()) {
                    answer(key, Ipmi.v15Packet(response(req, 0, new byte[] {1, (byte) 0x80, 0x04, 0x02, 0, 0, 0, 0})));
                    return;
                }
                if (++sessionCommands == forgetSessionAfter) {
                    keys = null; // later packets of this session no longer decode: no answer
                    received.add("(forgot the session)");
                    return;
                }
                byte[] data;
                switch (req.cmd()) {
                    case Ipmi.CMD_SET_SESSION_PRIVILEGE: data = new byte[] {req.data()[0]}; break;
                    case Ipmi.CMD_CHASSIS_GET_STATUS: data = new byte[] {(byte) (powerOn ? 1 : 0), 0, 0}; break;
                    case Ipmi.CMD_CHASSIS_CONTROL: powerOn = req.data()[0] == 1; data = new byte[0]; break;
                    case Ipmi.CMD_CLOSE_SESSION: closed++; data = new byte[0]; break;
                    default: data = null;
                }
                if (staleAnswers) {
                    Ipmi.Response other = new Ipmi.Response(req.netFn(), req.cmd(), (req.rqSeq() + 7) & 0x3F, 0, new byte[0]);
                    outbox.add(session(response(other, 0, new byte[] {0, 0, 0})));
                }
                if (refusePrivilege && req.cmd() == Ipmi.CMD_SET_SESSION_PRIVILEGE) {
                    answer(key, session(response(req, 0x81, new byte[0])));
                    return;
                }
                answer(key, session(data == null ? response(req, 0xC1, new byte[0]) : response(req, 0, data)));
                return;
            }
            case Ipmi.PAYLOAD_OPEN_SESSION_REQUEST: {
                received.add("open");
                consoleSid = Ipmi.getInt(p, 4);
                byte[] a = new byte[36];
                a[0] = p[0];
                a[2] = p[1];
                Ipmi.putInt(a, 4, consoleSid);
                Ipmi.putInt(a, 8, bmcSid);
                a[12] = 0; a[15] = 8; a[16] = 1;
                a[20] = 1; a[23] = 8; a[24] = 1;
                a[28] = 2; a[31] = 8; a[32] = 1;
                answer("open", Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_OPEN_SESSION_RESPONSE, 0, 0, a, null, null));
                return;
            }
            case Ipmi.PAYLOAD_RAKP1: {
                received.add("rakp1");
                rm = Arrays.copyOfRange(p, 8, 24);
                role = p[24] & 0xFF;
                name = Arrays.copyOfRange(p, 28, 28 + p[27]);
                byte[] a = new byte[60];
                a[0] = p[0];
                Ipmi.putInt(a, 4, consoleSid);
                if (!new String(name, StandardCharsets.UTF_8).equals(user)) {
                    a[1] = 0x0D;
                    answer("rakp1", Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_RAKP2, 0, 0, Arrays.copyOf(a, 8), null, null));
                    return;
                }
                System.arraycopy(rc, 0, a, 8, 16);
                System.arraycopy(GUID, 0, a, 24, 16);
                System.arraycopy(Rakp.rakp2AuthCode(Rakp.kuid(password), consoleSid, bmcSid, rm, rc, GUID, role, name),
                        0, a, 40, 20);
                answer("rakp1", Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_RAKP2, 0, 0, a, null, null));
                return;
            }
            case Ipmi.PAYLOAD_RAKP3: {
                received.add(p[1] == 0 ? "rakp3" : "rakp3-error");
                if (p[1] != 0) {
                    return;
                }
                byte[] kuid = Rakp.kuid(password);
                byte[] a = new byte[20];
                a[0] = p[0];
                Ipmi.putInt(a, 4, consoleSid);
                if (!Arrays.equals(Rakp.rakp3AuthCode(kuid, rc, consoleSid, role, name), Arrays.copyOfRange(p, 8, 28))) {
                    a[1] = 0x0F;
                    answer("rakp3", Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_RAKP4, 0, 0, Arrays.copyOf(a, 8), null, null));
                    return;
                }
                byte[] sik = Rakp.sik(kuid, rm, rc, role, name);
                System.arraycopy(Rakp.rakp4Icv(sik, rm, bmcSid, GUID), 0, a, 8, 12);
                answer("rakp3", Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_RAKP4, 0, 0, a, null, null));
                keys = new SessionKeys(sik);
                return;
            }
            default:
                received.add("payload " + in.payloadType());
        }
    }

    private void answer(String key, byte[] datagram) {
        if (loseFirstAnswer.contains(key) && lost.add(key)) {
            received.add("(lost answer to " + key + ")");
            return;
        }
        outbox.add(datagram);
    }

    private byte[] session(byte[] message) throws IpmiException {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_IPMI, consoleSid, outSeq++, message, keys, iv);
    }

    /** Decodes a request (same layout as a response, without the completion code). */
    private static Ipmi.Response request(byte[] m) {
        return new Ipmi.Response((m[1] & 0xFF) >> 2, m[5] & 0xFF, (m[4] & 0xFF) >> 2, 0,
                Arrays.copyOfRange(m, 6, m.length - 1));
    }

    private static byte[] response(Ipmi.Response req, int cc, byte[] data) {
        byte[] m = new byte[8 + data.length];
        m[0] = (byte) Ipmi.CONSOLE_SWID;
        m[1] = (byte) ((req.netFn() | 1) << 2);
        m[2] = Ipmi.checksum(m, 0, 2);
        m[3] = (byte) Ipmi.BMC_ADDRESS;
        m[4] = (byte) (req.rqSeq() << 2);
        m[5] = (byte) req.cmd();
        m[6] = (byte) cc;
        System.arraycopy(data, 0, m, 7, data.length);
        m[m.length - 1] = Ipmi.checksum(m, 3, m.length - 4);
        return m;
    }

    @Override
    public byte[] receive(long timeoutMillis) {
        if (silent || outbox.isEmpty()) {
            IpmiSim.sleep(timeoutMillis);
            return null;
        }
        return outbox.poll();
    }

    @Override
    public void close() {
    }
}
