package org.vigil.fence.ipmi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IPMI v2.0 LAN+ (RMCP+) session with a BMC, cipher suite 3 (RAKP-HMAC-SHA1,
 * HMAC-SHA1-96, AES-CBC-128), written from the IPMI v2.0 specification, sections 13.15-13.31.
 *
 * <p>{@link #open} runs Get Channel Authentication Capabilities, Open Session, RAKP 1-4 and
 * Set Session Privilege Level. Every request is sent again after the target's request
 * timeout when no matching answer came (UDP loss), up to its tries per request; a set-up
 * that loses an answer too often starts over with a new session, until the deadline.
 * Not thread-safe: one thread uses a session.
 */
final class IpmiSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpmiSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long to wait before trying again when the BMC has no free session. */
    private static final long BUSY_PAUSE_MILLIS = 200;

    /** Opens the datagram channel to a BMC (tests substitute their own). */
    @FunctionalInterface
    interface TransportFactory {
        /**
         * @param bmc the resolved address
         * @return a transport to it
         * @throws IOException when none can be had
         */
        Transport open(InetSocketAddress bmc) throws IOException;
    }

    /** Picks the answer to a request out of what arrives; null means "not ours, keep waiting". */
    @FunctionalInterface
    private interface Matcher<T> {
        T match(Ipmi.Inbound in) throws IpmiException;
    }

    /** An answer that says "try again shortly" (no free session on the BMC). */
    private static final class Busy extends IpmiException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    private final IpmiTarget target;
    private final Deadline deadline;
    private final Transport transport;
    private final int consoleSid;
    private int bmcSid;
    private SessionKeys keys;
    private boolean active;
    private int outboundSequence = 1;
    private int rqSeq = RANDOM.nextInt(64);
    private int messageTag = RANDOM.nextInt(256);
    private boolean portUnreachable;

    private IpmiSession(IpmiTarget target, Deadline deadline, Transport transport) {
        this.target = target;
        this.deadline = deadline;
        this.transport = transport;
        int sid;
        do {
            sid = RANDOM.nextInt();
        } while (sid == 0);
        this.consoleSid = sid;
    }

    /**
     * Sets up a session over UDP.
     *
     * @param target   the BMC and the credentials
     * @param deadline when to give up
     * @return the session, at the target's privilege level
     * @throws IpmiException when it cannot be set up before the deadline, with the reason
     */
    static IpmiSession open(IpmiTarget target, Deadline deadline) throws IpmiException {
        return open(target, deadline, UdpTransport::new);
    }

    /**
     * Sets up a session.
     *
     * @param target    the BMC and the credentials
     * @param deadline  when to give up
     * @param transports how to reach the BMC
     * @return the session, at the target's privilege level
     * @throws IpmiException when it cannot be set up before the deadline, with the reason
     */
    static IpmiSession open(IpmiTarget target, Deadline deadline, TransportFactory transports)
            throws IpmiException {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            throw new IpmiException("cannot resolve the BMC address '" + target.host() + "'");
        }
        boolean unreachableSeen = false;
        int attempt = 0;
        while (true) {
            attempt++;
            Transport transport;
            try {
                transport = transports.open(address);
            } catch (IOException e) {
                throw new IpmiException("cannot open a UDP socket to " + target.where() + ": " + e.getMessage(), e);
            }
            IpmiSession s = new IpmiSession(target, deadline, transport);
            s.portUnreachable = unreachableSeen;
            try {
                s.establish();
                if (attempt > 1) {
                    LOG.info("IPMI session with {} set up at attempt {}", target.where(), attempt);
                }
                return s;
            } catch (Busy e) {
                s.abandon();
                if (deadline.expired()) {
                    throw new IpmiException(e.getMessage() + " (still so after " + deadline.totalText() + ")");
                }
                LOG.debug("BMC {} busy ({}), trying again", target.where(), e.getMessage());
                deadline.sleep(BUSY_PAUSE_MILLIS);
            } catch (IpmiException.NoAnswer e) {
                s.abandon();
                unreachableSeen |= s.portUnreachable;
                if (deadline.expired()) {
                    throw e;
                }
                LOG.debug("{}; setting up a new session", e.getMessage());
            } catch (IpmiException | RuntimeException e) {
                s.close(); // says Close Session when the session got as far as being active
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- set-up

    private void establish() throws IpmiException {
        Privilege privilege = target.privilege();
        getChannelAuthenticationCapabilities(privilege);
        openSession(privilege);
        byte[] user = target.userBytes();
        int role = privilege.level() | 0x10; // name-only lookup
        byte[] rm = new byte[16];
        RANDOM.nextBytes(rm);
        byte[] password = target.passwordBytes();
        byte[] kuid = Rakp.kuid(password);
        Arrays.fill(password, (byte) 0);
        byte[] sik = null;
        try {
            // RAKP 1 -> RAKP 2
            int tag1 = nextTag();
            byte[] rakp1 = new byte[28 + user.length];
            rakp1[0] = (byte) tag1;
            Ipmi.putInt(rakp1, 4, bmcSid);
            System.arraycopy(rm, 0, rakp1, 8, 16);
            rakp1[24] = (byte) role;
            rakp1[27] = (byte) user.length;
            System.arraycopy(user, 0, rakp1, 28, user.length);
            byte[] rakp2 = exchange(() -> Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_RAKP1, 0, 0, rakp1, null, null),
                    in -> setupAnswer(in, Ipmi.PAYLOAD_RAKP2, tag1), "RAKP Message 1", target.triesPerRequest());
            int status = rakp2[1] & 0xFF;
            if (status != 0) {
                throw new IpmiException.AuthenticationFailed("authentication failed (RAKP 2: the BMC refused user '"
                        + target.user() + "' at privilege " + privilege + ": " + Ipmi.rmcpPlusStatusText(status)
                        + ")");
            }
            if (rakp2.length < 60) {
                throw new IpmiException("RAKP Message 2 too short (" + rakp2.length + " bytes)");
            }
            byte[] rc = Arrays.copyOfRange(rakp2, 8, 24);
            byte[] guid = Arrays.copyOfRange(rakp2, 24, 40);
            byte[] expected = Rakp.rakp2AuthCode(kuid, consoleSid, bmcSid, rm, rc, guid, role, user);
            if (!SessionKeys.constantTimeEquals(expected, 0, rakp2, 40, Rakp.KEY_LENGTH)) {
                sendRakp3Error(rc, role, user, kuid);
                throw new IpmiException.AuthenticationFailed("authentication failed (RAKP 2: the BMC's key exchange "
                        + "code does not match ours: wrong password for user '" + target.user() + "')");
            }
            sik = Rakp.sik(kuid, rm, rc, role, user);

            // RAKP 3 -> RAKP 4
            int tag3 = nextTag();
            byte[] rakp3 = new byte[8 + Rakp.KEY_LENGTH];
            rakp3[0] = (byte) tag3;
            Ipmi.putInt(rakp3, 4, bmcSid);
            System.arraycopy(Rakp.rakp3AuthCode(kuid, rc, consoleSid, role, user), 0, rakp3, 8, Rakp.KEY_LENGTH);
            byte[] rakp4 = exchange(() -> Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_RAKP3, 0, 0, rakp3, null, null),
                    in -> setupAnswer(in, Ipmi.PAYLOAD_RAKP4, tag3), "RAKP Message 3", target.triesPerRequest());
            status = rakp4[1] & 0xFF;
            if (status != 0) {
                throw new IpmiException.AuthenticationFailed("authentication failed (RAKP 4: the BMC rejected our key "
                        + "exchange code: " + Ipmi.rmcpPlusStatusText(status) + "; wrong password for user '"
                        + target.user() + "'?)");
            }
            if (rakp4.length < 8 + Rakp.ICV_LENGTH) {
                throw new IpmiException("RAKP Message 4 too short (" + rakp4.length + " bytes)");
            }
            byte[] icv = Rakp.rakp4Icv(sik, rm, bmcSid, guid);
            if (!SessionKeys.constantTimeEquals(icv, 0, rakp4, 8, Rakp.ICV_LENGTH)) {
                throw new IpmiException.AuthenticationFailed("authentication failed (RAKP 4: the BMC's integrity check "
                        + "value does not match the session key)");
            }
            keys = new SessionKeys(sik);
            active = true;
        } finally {
            Arrays.fill(kuid, (byte) 0);
            if (sik != null) {
                Arrays.fill(sik, (byte) 0);
            }
        }
        if (privilege.level() > Privilege.USER.level()) {
            Ipmi.Response r = command(Ipmi.NETFN_APP, Ipmi.CMD_SET_SESSION_PRIVILEGE,
                    new byte[] {(byte) privilege.level()}, "Set Session Privilege Level");
            if (r.completionCode() != 0) {
                throw new IpmiException("BMC refused privilege level " + privilege + " for user '" + target.user()
                        + "': completion code " + Ipmi.hex(r.completionCode()) + " ("
                        + Ipmi.completionCodeText(r.completionCode()) + ")");
            }
        }
        LOG.debug("IPMI session {} with {} up as {} ({})", Integer.toHexString(bmcSid), target.where(),
                target.user(), privilege);
    }

    private void getChannelAuthenticationCapabilities(Privilege privilege) throws IpmiException {
        int seq = nextRqSeq();
        byte[] message = Ipmi.request(Ipmi.NETFN_APP, Ipmi.CMD_GET_CHANNEL_AUTH_CAPABILITIES, seq,
                new byte[] {(byte) 0x8E, (byte) privilege.level()}); // 0x80: IPMI v2.0 data; 0x0E: this channel
        Ipmi.Response r = exchange(() -> Ipmi.v15Packet(message),
                in -> in.authenticated() ? null
                        : ipmiAnswer(in, Ipmi.NETFN_APP, Ipmi.CMD_GET_CHANNEL_AUTH_CAPABILITIES, seq),
                "Get Channel Authentication Capabilities", target.triesPerRequest());
        if (r.completionCode() != 0) {
            throw new IpmiException.CompletionCode("Get Channel Authentication Capabilities", r.completionCode());
        }
        byte[] d = r.data();
        if (d.length < 4 || (d[1] & 0x80) == 0 || (d[3] & 0x02) == 0) {
            throw new IpmiException("BMC at " + target.where() + " does not offer IPMI v2.0 (RMCP+, lanplus)");
        }
    }

    private void openSession(Privilege privilege) throws IpmiException {
        int tag = nextTag();
        byte[] p = new byte[32];
        p[0] = (byte) tag;
        p[1] = (byte) privilege.level();
        Ipmi.putInt(p, 4, consoleSid);
        p[8] = 0x00; // authentication payload
        p[11] = 0x08;
        p[12] = 0x01; // RAKP-HMAC-SHA1
        p[16] = 0x01; // integrity payload
        p[19] = 0x08;
        p[20] = 0x01; // HMAC-SHA1-96
        p[24] = 0x02; // confidentiality payload
        p[27] = 0x08;
        p[28] = 0x01; // AES-CBC-128
        byte[] a = exchange(() -> Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_OPEN_SESSION_REQUEST, 0, 0, p, null, null),
                in -> setupAnswer(in, Ipmi.PAYLOAD_OPEN_SESSION_RESPONSE, tag), "Open Session Request",
                target.triesPerRequest());
        int status = a[1] & 0xFF;
        if (status == 0x01 || status == 0x0B) {
            throw new Busy("BMC at " + target.where() + " refused to open a session: "
                    + Ipmi.rmcpPlusStatusText(status));
        }
        if (status != 0) {
            String hint = status == 0x11 || status == 0x04 || status == 0x05 || status == 0x10
                    ? " (the BMC does not offer cipher suite 3)" : "";
            throw new IpmiException("BMC at " + target.where() + " refused to open a session: "
                    + Ipmi.rmcpPlusStatusText(status) + hint);
        }
        if (a.length < 36) {
            throw new IpmiException("Open Session Response too short (" + a.length + " bytes)");
        }
        if (Ipmi.getInt(a, 4) != consoleSid) {
            throw new IpmiException("Open Session Response for another session");
        }
        if ((a[16] & 0x3F) != 1 || (a[24] & 0x3F) != 1 || (a[32] & 0x3F) != 1) {
            throw new IpmiException("BMC at " + target.where() + " answered with other algorithms than cipher suite 3");
        }
        bmcSid = Ipmi.getInt(a, 8);
        if (bmcSid == 0) {
            throw new IpmiException("BMC at " + target.where() + " gave session id 0");
        }
    }

    /** Tells the BMC we reject its RAKP 2 (so it frees the session); no answer is awaited. */
    private void sendRakp3Error(byte[] rc, int role, byte[] user, byte[] kuid) {
        byte[] rakp3 = new byte[8 + Rakp.KEY_LENGTH];
        rakp3[0] = (byte) nextTag();
        rakp3[1] = 0x0F; // invalid integrity check value
        Ipmi.putInt(rakp3, 4, bmcSid);
        System.arraycopy(Rakp.rakp3AuthCode(kuid, rc, consoleSid, role, user), 0, rakp3, 8, Rakp.KEY_LENGTH);
        try {
            transport.send(Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_RAKP3, 0, 0, rakp3, null, null));
        } catch (IOException | IpmiException e) {
            LOG.debug("could not send the RAKP 3 error to {}: {}", target.where(), e.getMessage());
        }
    }

    /** An answer in the set-up: payload type and message tag match, and it is for our session id. */
    private byte[] setupAnswer(Ipmi.Inbound in, int payloadType, int tag) {
        byte[] p = in.payload();
        if (in.payloadType() != payloadType || in.authenticated() || p.length < 2 || (p[0] & 0xFF) != tag) {
            return null;
        }
        if (p[1] == 0 && (p.length < 8 || Ipmi.getInt(p, 4) != consoleSid)) {
            return null;
        }
        return p;
    }

    private Ipmi.Response ipmiAnswer(Ipmi.Inbound in, int netFn, int cmd, int seq) {
        if (in.payloadType() != Ipmi.PAYLOAD_IPMI) {
            return null;
        }
        Ipmi.Response r;
        try {
            r = Ipmi.response(in.payload());
        } catch (IpmiException e) {
            LOG.debug("ignoring a message from {}: {}", target.where(), e.getMessage());
            return null;
        }
        if (r.netFn() != (netFn | 1) || r.cmd() != cmd || r.rqSeq() != seq) {
            return null;
        }
        return r;
    }

    // ---------------------------------------------------------------- commands

    /**
     * Sends one IPMI request in the session and returns its answer (any completion code).
     *
     * @param netFn the network function
     * @param cmd   the command
     * @param data  the request data
     * @param what  the command's name, for messages
     * @return the answer
     * @throws IpmiException when no answer came ({@link IpmiException.NoAnswer})
     */
    Ipmi.Response command(int netFn, int cmd, byte[] data, String what) throws IpmiException {
        return command(netFn, cmd, data, what, target.triesPerRequest());
    }

    private Ipmi.Response command(int netFn, int cmd, byte[] data, String what, int tries) throws IpmiException {
        if (!active) {
            throw new IllegalStateException("session not active");
        }
        int seq = nextRqSeq();
        byte[] message = Ipmi.request(netFn, cmd, seq, data);
        return exchange(() -> {
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            return Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_IPMI, bmcSid, nextOutboundSequence(), message, keys, iv);
        }, in -> in.authenticated() && in.encrypted() && in.sessionId() == consoleSid
                ? ipmiAnswer(in, netFn, cmd, seq) : null, what, tries);
    }

    /**
     * Get Chassis Status.
     *
     * @return true when the chassis reports power on
     * @throws IpmiException when it cannot be read
     */
    boolean chassisPowerOn() throws IpmiException {
        Ipmi.Response r = command(Ipmi.NETFN_CHASSIS, Ipmi.CMD_CHASSIS_GET_STATUS, new byte[0], "Get Chassis Status");
        if (r.completionCode() != 0) {
            throw new IpmiException.CompletionCode("Get Chassis Status", r.completionCode());
        }
        if (r.data().length < 1) {
            throw new IpmiException("Get Chassis Status answer without the power state");
        }
        return (r.data()[0] & 0x01) != 0;
    }

    /**
     * Chassis Control.
     *
     * @param control what to do
     * @throws IpmiException when the BMC does not accept it
     */
    void chassisControl(ChassisControl control) throws IpmiException {
        String what = "Chassis Control (" + control.text() + ")";
        Ipmi.Response r = command(Ipmi.NETFN_CHASSIS, Ipmi.CMD_CHASSIS_CONTROL, new byte[] {(byte) control.code()},
                what);
        if (r.completionCode() != 0) {
            throw new IpmiException.CompletionCode(what, r.completionCode());
        }
    }

    /** Closes the session (Close Session, waiting briefly for its answer) and the socket. */
    @Override
    public void close() {
        try {
            if (active) {
                byte[] sid = Ipmi.le32(bmcSid);
                if (deadline.expired()) {
                    // no time left to wait: say goodbye once so the BMC frees the session now
                    byte[] iv = new byte[16];
                    RANDOM.nextBytes(iv);
                    transport.send(Ipmi.rmcpPlusPacket(Ipmi.PAYLOAD_IPMI, bmcSid, nextOutboundSequence(),
                            Ipmi.request(Ipmi.NETFN_APP, Ipmi.CMD_CLOSE_SESSION, nextRqSeq(), sid), keys, iv));
                } else {
                    command(Ipmi.NETFN_APP, Ipmi.CMD_CLOSE_SESSION, sid, "Close Session", 2);
                }
            }
        } catch (IpmiException | IOException e) {
            LOG.debug("Close Session with {}: {}", target.where(), e.getMessage());
        } finally {
            abandon();
        }
    }

    /** Drops the session without telling the BMC (it times it out). */
    void abandon() {
        active = false;
        transport.close();
        if (keys != null) {
            keys.destroy();
        }
    }

    // ---------------------------------------------------------------- one exchange

    @FunctionalInterface
    private interface Encoder {
        byte[] encode() throws IpmiException;
    }

    /**
     * Sends a request and waits for its answer, sending it again (freshly encoded) after each
     * request timeout without one, up to {@code tries} times and never past the deadline.
     */
    private <T> T exchange(Encoder encoder, Matcher<T> matcher, String what, int tries) throws IpmiException {
        long perTry = Math.max(1, target.requestTimeout().toMillis());
        for (int attempt = 1; ; attempt++) {
            if (deadline.expired()) {
                throw noAnswer(what);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IpmiException("interrupted");
            }
            byte[] datagram = encoder.encode();
            long now = System.nanoTime();
            long tryEnd = now + perTry * 1_000_000L;
            boolean lastTry = deadline.endNanos() - tryEnd <= 0; // this window ends with the deadline
            if (lastTry) {
                tryEnd = deadline.endNanos();
            }
            try {
                transport.send(datagram);
                while (true) {
                    long leftNanos = tryEnd - System.nanoTime();
                    if (leftNanos <= 0) {
                        break;
                    }
                    byte[] in = transport.receive(Math.max(1, (leftNanos + 999_999L) / 1_000_000L));
                    if (in == null) {
                        break;
                    }
                    Ipmi.Inbound inbound;
                    try {
                        inbound = Ipmi.decode(in, in.length, keys);
                    } catch (IpmiException e) {
                        LOG.debug("ignoring a datagram from {}: {}", target.where(), e.getMessage());
                        continue;
                    }
                    T answer = matcher.match(inbound);
                    if (answer != null) {
                        return answer;
                    }
                }
            } catch (PortUnreachableException e) {
                portUnreachable = true;
                long left = (tryEnd - System.nanoTime() + 999_999L) / 1_000_000L;
                deadline.sleep(left);
            } catch (IOException e) {
                throw new IpmiException("UDP to " + target.where() + " failed: " + e.getMessage(), e);
            }
            if (lastTry || deadline.expired()) {
                throw noAnswer(what);
            }
            if (attempt >= tries) {
                throw new IpmiException.NoAnswer("no answer from BMC at " + target.where() + " to " + what
                        + " after " + tries + " tries");
            }
            LOG.debug("no answer from {} to {} within {} ms, sending again", target.where(), what, perTry);
        }
    }

    private IpmiException.NoAnswer noAnswer(String what) {
        return new IpmiException.NoAnswer("no answer from BMC at " + target.where() + " within "
                + deadline.totalText() + " (last request: " + what
                + (portUnreachable ? "; ICMP port unreachable" : "") + ")");
    }

    private int nextRqSeq() {
        rqSeq = (rqSeq + 1) & 0x3F;
        return rqSeq;
    }

    private int nextTag() {
        messageTag = (messageTag + 1) & 0xFF;
        return messageTag;
    }

    private int nextOutboundSequence() {
        int s = outboundSequence++;
        if (outboundSequence == 0) {
            outboundSequence = 1;
        }
        return s;
    }

    @Override
    public String toString() {
        return "IpmiSession[" + target.where() + ", " + (active ? "active" : "closed") + "]";
    }
}
