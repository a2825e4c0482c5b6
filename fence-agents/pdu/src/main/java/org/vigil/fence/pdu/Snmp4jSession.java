package org.vigil.fence.pdu;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.SNMP4JSettings;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * {@link SnmpSession} over UDP with SNMP4J: v1, v2c (community) and v3 (USM: MD5/SHA
 * authentication, DES/AES-128 privacy). Each session has its own dispatcher, USM and UDP
 * socket (nothing shared between actions but the immutable protocol set), so actions on
 * several PDUs run side by side. A request is sent again every {@code request_timeout}
 * until the action's deadline.
 */
final class Snmp4jSession implements SnmpSession {

    /** Only the four protocols fence_apc_snmp's snmp_auth_prot and snmp_priv_prot name. */
    private static final SecurityProtocols PROTOCOLS = protocols();

    /** USM statistics a v3 agent reports instead of answering (RFC 3414 usmStats*). */
    private static final Map<String, String> USM_REPORTS = Map.of(
            "1.3.6.1.6.3.15.1.1.1.0", "unsupportedSecLevel",
            "1.3.6.1.6.3.15.1.1.2.0", "notInTimeWindow",
            "1.3.6.1.6.3.15.1.1.3.0", "unknownUserName",
            "1.3.6.1.6.3.15.1.1.4.0", "unknownEngineID",
            "1.3.6.1.6.3.15.1.1.5.0", "wrongDigest",
            "1.3.6.1.6.3.15.1.1.6.0", "decryptionError");

    /** v3 keys localized to PDU engines, shared by all sessions. */
    static final LocalizedKeys KEYS = new LocalizedKeys();

    private static final int MAX_WALK = 4096;
    private static final int BULK_REPETITIONS = 24;

    private final SnmpTarget t;
    private final Deadline deadline;
    private final Snmp snmp;
    private final Target<UdpAddress> target;

    private Snmp4jSession(SnmpTarget t, Deadline deadline, Snmp snmp, Target<UdpAddress> target) {
        this.t = t;
        this.deadline = deadline;
        this.snmp = snmp;
        this.target = target;
    }

    /** RFC 3416 error-status names, as net-snmp prints them. */
    private static final String[] ERROR_STATUS = {"noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr",
        "noAccess", "wrongType", "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
        "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable",
        "inconsistentName"};

    static {
        // A v3 agent reports a wrong password, an unknown user or a decryption error with an
        // unauthenticated (noAuthNoPriv) REPORT. SNMP4J drops those by default, which turns a clear
        // "wrong password" into a timeout. Accepting them can only make an action fail, never succeed.
        // (SNMP4J is embedded in this bundle: the setting is ours alone.)
        SNMP4JSettings.setReportSecurityLevelStrategy(SNMP4JSettings.ReportSecurityLevelStrategy.noAuthNoPrivIfNeeded);
    }

    private static String errorStatus(int status) {
        return status >= 0 && status < ERROR_STATUS.length ? ERROR_STATUS[status] : "error " + status;
    }

    private static SecurityProtocols protocols() {
        SecurityProtocols p = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
        p.addAuthenticationProtocol(new AuthMD5());
        p.addAuthenticationProtocol(new AuthSHA());
        p.addPrivacyProtocol(new PrivDES());
        p.addPrivacyProtocol(new PrivAES128());
        return p;
    }

    /**
     * Opens a UDP socket and, for v3, discovers the PDU's engine ID.
     *
     * @param t        the PDU and credentials
     * @param deadline the action's deadline
     * @return the session
     * @throws PduException unknown host, no socket, or (v3) no answer to the discovery within the deadline
     */
    static Snmp4jSession open(SnmpTarget t, Deadline deadline) throws PduException {
        InetAddress ip;
        try {
            ip = InetAddress.getByName(t.host());
        } catch (UnknownHostException e) {
            throw new PduException("unknown host '" + t.host() + "' (ipaddr)");
        }
        UdpAddress address = new UdpAddress(ip, t.port());
        Snmp snmp = null;
        try {
            MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
            USM usm = null;
            if (t.version() == SnmpTarget.Version.V3) {
                byte[] localEngineId = MPv3.createLocalEngineID();
                usm = new USM(PROTOCOLS, new OctetString(localEngineId), 0, new CounterSupport());
                dispatcher.addMessageProcessingModel(new MPv3(localEngineId, null, PROTOCOLS,
                        SecurityModels.getCollection(new SecurityModel[] {usm}), new CounterSupport()));
            } else {
                dispatcher.addMessageProcessingModel(new MPv1());
                dispatcher.addMessageProcessingModel(new MPv2c());
            }
            snmp = new Snmp(dispatcher, new DefaultUdpTransportMapping());
            snmp.listen();
            Target<UdpAddress> target;
            if (usm != null) {
                OctetString user = new OctetString(t.user());
                byte[] engineId = discover(snmp, address, t, deadline);
                addLocalizedUser(usm, user, engineId, t);
                UserTarget<UdpAddress> ut = new UserTarget<>(address, user, engineId);
                ut.setSecurityLevel(switch (t.securityLevel()) {
                    case NO_AUTH_NO_PRIV -> SecurityLevel.NOAUTH_NOPRIV;
                    case AUTH_NO_PRIV -> SecurityLevel.AUTH_NOPRIV;
                    case AUTH_PRIV -> SecurityLevel.AUTH_PRIV;
                });
                ut.setSecurityModel(SecurityModel.SECURITY_MODEL_USM);
                ut.setVersion(SnmpConstants.version3);
                target = ut;
            } else {
                CommunityTarget<UdpAddress> ct = new CommunityTarget<>(address, new OctetString(t.community()));
                ct.setVersion(t.version() == SnmpTarget.Version.V1 ? SnmpConstants.version1 : SnmpConstants.version2c);
                target = ct;
            }
            Snmp4jSession s = new Snmp4jSession(t, deadline, snmp, target);
            snmp = null;
            return s;
        } catch (IOException e) {
            throw new PduException("cannot open a UDP socket to talk to " + t.where() + ": " + e.getMessage());
        } finally {
            if (snmp != null) {
                closeQuietly(snmp);
            }
        }
    }

    /** Adds the v3 user with its keys localized to the PDU's engine (cached across actions). */
    private static void addLocalizedUser(USM usm, OctetString user, byte[] engineId, SnmpTarget t) {
        OID auth = t.securityLevel().authenticates() ? authOid(t.authProtocol()) : null;
        OID priv = t.securityLevel().encrypts() ? privOid(t.privProtocol()) : null;
        byte[] authKey = auth == null ? null : KEYS.get("auth " + auth, t.authPassword(), engineId,
                () -> PROTOCOLS.passwordToKey(auth, new OctetString(t.authPassword()), engineId));
        byte[] privKey = priv == null ? null : KEYS.get("priv " + priv + " " + auth, t.privPassword(), engineId,
                () -> PROTOCOLS.passwordToKey(priv, auth, new OctetString(t.privPassword()), engineId));
        usm.addLocalizedUser(engineId, user, auth, authKey, priv, privKey);
    }

    private static byte[] discover(Snmp snmp, UdpAddress address, SnmpTarget t, Deadline deadline)
            throws PduException {
        while (!deadline.expired()) {
            long wait = Math.max(1, Math.min(t.requestTimeout().toMillis(), deadline.remaining().toMillis()));
            byte[] id = snmp.discoverAuthoritativeEngineID(address, wait);
            if (id != null && id.length > 0) {
                return id;
            }
        }
        throw new PduException("timed out after " + Deadline.seconds(deadline.total()) + ": no answer from "
                + t.where() + " to the SNMP v3 engine discovery (nothing listening there, or not an SNMP v3 agent)");
    }

    private static OID authOid(SnmpTarget.AuthProtocol p) {
        return p == SnmpTarget.AuthProtocol.MD5 ? AuthMD5.ID : AuthSHA.ID;
    }

    private static OID privOid(SnmpTarget.PrivProtocol p) {
        return p == SnmpTarget.PrivProtocol.DES ? PrivDES.ID : PrivAES128.ID;
    }

    @Override
    public String where() {
        return t.where();
    }

    private PDU newPdu(int type) {
        PDU pdu = t.version() == SnmpTarget.Version.V3 ? new ScopedPDU() : new PDU();
        pdu.setType(type);
        return pdu;
    }

    /**
     * Sends one request, again every request_timeout (the last wait cut to the deadline) until an
     * answer comes or the deadline passes; returns the answer (never a REPORT).
     */
    private PDU send(PDU request, String what) throws PduException {
        while (true) {
            long left = deadline.remaining().toMillis();
            if (left <= 0) {
                throw timedOut(what);
            }
            target.setTimeout(Math.max(1, Math.min(t.requestTimeout().toMillis(), left)));
            target.setRetries(0);
            ResponseEvent<UdpAddress> ev;
            try {
                ev = snmp.send(request, target);
            } catch (IOException e) {
                throw new PduException("cannot send " + what + " to " + t.where() + ": " + e.getMessage());
            }
            if (ev != null && ev.getError() != null) {
                throw new PduException(what + " to " + t.where() + " failed: " + ev.getError().getMessage());
            }
            PDU response = ev == null ? null : ev.getResponse();
            if (response != null) {
                if (response.getType() == PDU.REPORT) {
                    throw report(response, what);
                }
                return response;
            }
        }
    }

    private PduException timedOut(String what) {
        String hint = t.version() == SnmpTarget.Version.V3
                ? "a wrong snmp_priv_passwd or snmp_priv_prot, or no SNMP agent there"
                : "a wrong community or snmp_version, or no SNMP agent there";
        return new PduException("timed out after " + Deadline.seconds(deadline.total()) + ": no answer from "
                + t.where() + " to " + what + " (" + t.describe() + "; " + hint + ")");
    }

    private PduException report(PDU response, String what) {
        String oid = response.size() > 0 ? response.get(0).getOid().toDottedString() : "";
        String name = USM_REPORTS.get(oid);
        String why;
        if (name == null) {
            why = "the PDU answered " + what + " with a report (." + oid + ")";
        } else {
            why = switch (name) {
                case "wrongDigest" -> "authentication failed for SNMP v3 user '" + t.user() + "': wrong passwd or "
                        + "snmp_auth_prot (the PDU reported usmStatsWrongDigests)";
                case "unknownUserName" -> "authentication failed: the PDU does not know SNMP v3 user '" + t.user()
                        + "' (usmStatsUnknownUserNames)";
                case "unsupportedSecLevel" -> "the PDU does not allow security level " + t.securityLevel().label()
                        + " for SNMP v3 user '" + t.user() + "' (usmStatsUnsupportedSecLevels)";
                case "decryptionError" -> "the PDU could not decrypt the request of SNMP v3 user '" + t.user()
                        + "': wrong snmp_priv_passwd or snmp_priv_prot (usmStatsDecryptionErrors)";
                default -> "the PDU answered " + what + " with usmStats " + name;
            };
        }
        return new PduException(why + " at " + t.where());
    }

    @Override
    public List<SnmpValue> get(List<String> oids) throws PduException {
        PDU request = newPdu(PDU.GET);
        for (String o : oids) {
            request.add(new VariableBinding(new OID(o)));
        }
        String what = "GET " + dotted(oids);
        PDU response = send(request, what);
        if (response.getErrorStatus() == PDU.noSuchName && t.version() == SnmpTarget.Version.V1) {
            // v1 fails the whole request when one object is missing: ask for each alone
            if (oids.size() == 1) {
                return List.of(SnmpValue.absent(oids.get(0)));
            }
            List<SnmpValue> values = new ArrayList<>();
            for (String o : oids) {
                values.addAll(get(List.of(o)));
            }
            return values;
        }
        if (response.getErrorStatus() != PDU.noError) {
            throw new PduException("the PDU at " + t.where() + " answered " + what + " with error "
                    + errorStatus(response.getErrorStatus()));
        }
        if (response.size() != oids.size()) {
            throw new PduException("the PDU at " + t.where() + " answered " + what + " with " + response.size()
                    + " values instead of " + oids.size());
        }
        List<SnmpValue> values = new ArrayList<>(oids.size());
        for (int i = 0; i < oids.size(); i++) {
            values.add(value(response.get(i)));
        }
        return values;
    }

    @Override
    public void setInteger(String oid, int value) throws PduException {
        PDU request = newPdu(PDU.SET);
        request.add(new VariableBinding(new OID(oid), new Integer32(value)));
        String what = "SET ." + oid + " = " + value;
        PDU response = send(request, what);
        int status = response.getErrorStatus();
        if (status == PDU.noError) {
            return;
        }
        String text = errorStatus(status);
        String hint = "";
        if (status == PDU.noAccess || status == PDU.authorizationError || status == PDU.readOnly
                || (status == PDU.noSuchName && t.version() == SnmpTarget.Version.V1)) {
            hint = t.version() == SnmpTarget.Version.V3
                    ? " (does SNMP v3 user '" + t.user() + "' have write access?)"
                    : " (power control needs the read-write community; SNMP v1 reports a read-only one as noSuchName)";
        }
        throw new PduException("the PDU at " + t.where() + " refused " + what + ": " + text + hint);
    }

    @Override
    public List<SnmpValue> walk(String prefix) throws PduException {
        List<SnmpValue> rows = new ArrayList<>();
        OID root = new OID(prefix);
        OID next = root;
        while (rows.size() < MAX_WALK) {
            PDU request = newPdu(t.version() == SnmpTarget.Version.V1 ? PDU.GETNEXT : PDU.GETBULK);
            if (request.getType() == PDU.GETBULK) {
                request.setMaxRepetitions(BULK_REPETITIONS);
                request.setNonRepeaters(0);
            }
            request.add(new VariableBinding(next));
            PDU response = send(request, "walk ." + prefix);
            if (response.getErrorStatus() == PDU.noSuchName && t.version() == SnmpTarget.Version.V1) {
                return rows; // v1: end of the MIB view
            }
            if (response.getErrorStatus() != PDU.noError) {
                throw new PduException("the PDU at " + t.where() + " answered walk ." + prefix + " with error "
                        + errorStatus(response.getErrorStatus()));
            }
            if (response.size() == 0) {
                return rows;
            }
            for (VariableBinding vb : response.getVariableBindings()) {
                if (vb.getVariable().isException() || !vb.getOid().startsWith(root) || vb.getOid().compareTo(next) <= 0) {
                    return rows;
                }
                rows.add(value(vb));
                next = vb.getOid();
            }
        }
        return rows;
    }

    private static SnmpValue value(VariableBinding vb) {
        String oid = vb.getOid().toDottedString();
        Variable v = vb.getVariable();
        if (v == null || v.isException() || v.getSyntax() == SMIConstants.SYNTAX_NULL) {
            return SnmpValue.absent(oid);
        }
        switch (v.getSyntax()) {
            case SMIConstants.SYNTAX_INTEGER:
            case SMIConstants.SYNTAX_COUNTER32:
            case SMIConstants.SYNTAX_GAUGE32:
            case SMIConstants.SYNTAX_TIMETICKS:
            case SMIConstants.SYNTAX_COUNTER64:
                return new SnmpValue(oid, SnmpValue.Kind.INTEGER, v.toString());
            case SMIConstants.SYNTAX_OCTET_STRING:
                return new SnmpValue(oid, SnmpValue.Kind.STRING,
                        new String(((OctetString) v).getValue(), StandardCharsets.UTF_8));
            case SMIConstants.SYNTAX_OBJECT_IDENTIFIER:
                return new SnmpValue(oid, SnmpValue.Kind.OID, ((OID) v).toDottedString());
            default:
                return new SnmpValue(oid, SnmpValue.Kind.OTHER, v.toString());
        }
    }

    private static String dotted(List<String> oids) {
        StringBuilder b = new StringBuilder();
        for (String o : oids) {
            b.append(b.length() == 0 ? "." : " .").append(o);
        }
        return b.toString();
    }

    @Override
    public void close() {
        closeQuietly(snmp);
    }

    private static void closeQuietly(Snmp snmp) {
        try {
            snmp.close();
        } catch (IOException e) {
            // the socket is gone either way
        }
    }
}
