package org.vigil.fence.pdu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.ParameterType;
import org.vigil.fence.pdu.SnmpTarget.AuthProtocol;
import org.vigil.fence.pdu.SnmpTarget.PrivProtocol;
import org.vigil.fence.pdu.SnmpTarget.SecurityLevel;
import org.vigil.fence.pdu.SnmpTarget.Version;

/**
 * The pdu agent's parameters, named as fence_apc_snmp's in {@code cluster.conf}, and their
 * checking. Messages name the parameter and never show the community or a password.
 *
 * @param target       the PDU and the SNMP credentials
 * @param powerWait    the pause after a power command before its state is read
 * @param powerTimeout how long the outlet state is read, after a power command, until it changes
 * @param timeout      the longest an action may take
 */
record PduParameters(SnmpTarget target, Duration powerWait, Duration powerTimeout, Duration timeout) {

    static final String IPADDR = "ipaddr";
    static final String IPPORT = "ipport";
    static final String COMMUNITY = "community";
    static final String SNMP_VERSION = "snmp_version";
    static final String LOGIN = "login";
    static final String PASSWD = "passwd";
    static final String SNMP_AUTH_PROT = "snmp_auth_prot";
    static final String SNMP_SEC_LEVEL = "snmp_sec_level";
    static final String SNMP_PRIV_PROT = "snmp_priv_prot";
    static final String SNMP_PRIV_PASSWD = "snmp_priv_passwd";
    static final String POWER_WAIT = "power_wait";
    static final String POWER_TIMEOUT = "power_timeout";
    static final String TIMEOUT = "timeout";
    static final String REQUEST_TIMEOUT = "request_timeout";

    /** The community fence_apc_snmp uses when none is given. */
    static final String DEFAULT_COMMUNITY = "private";

    /** RFC 3414 (and net-snmp) refuse shorter v3 passwords. */
    static final int MIN_V3_PASSWORD = 8;

    /** Names Pacemaker-style configurations use for the same parameters. */
    static final Map<String, String> ALIASES = Map.of("ip", IPADDR, "username", LOGIN, "password", PASSWD);

    /** The metadata's parameter list. */
    static final List<AgentParameter> PARAMETERS = List.of(
            new AgentParameter(IPADDR, ParameterType.STRING, true, Optional.empty(), false, List.of(),
                    "Address or host name of the PDU's SNMP agent (alias: ip)."),
            new AgentParameter(IPPORT, ParameterType.INTEGER, false, Optional.of("161"), false, List.of(),
                    "UDP port of the PDU's SNMP agent."),
            new AgentParameter(SNMP_VERSION, ParameterType.SELECT, false, Optional.of("1"), false,
                    List.of("1", "2c", "3"), "SNMP version."),
            new AgentParameter(COMMUNITY, ParameterType.STRING, false, Optional.of(DEFAULT_COMMUNITY), true, List.of(),
                    "SNMP v1/v2c community; power control needs the read-write one. Never logged or shown."),
            new AgentParameter(LOGIN, ParameterType.STRING, false, Optional.empty(), false, List.of(),
                    "SNMP v3 user (security name); required with snmp_version=3 (alias: username)."),
            new AgentParameter(PASSWD, ParameterType.STRING, false, Optional.empty(), true, List.of(),
                    "SNMP v3 authentication password (8 characters or more; alias: password). Never logged or shown."),
            new AgentParameter(SNMP_AUTH_PROT, ParameterType.SELECT, false, Optional.of("MD5"), false,
                    List.of("MD5", "SHA"), "SNMP v3 authentication protocol (HMAC-MD5-96 or HMAC-SHA-96)."),
            new AgentParameter(SNMP_SEC_LEVEL, ParameterType.SELECT, false, Optional.empty(), false,
                    List.of("noAuthNoPriv", "authNoPriv", "authPriv"),
                    "SNMP v3 security level; when not given: authPriv with snmp_priv_passwd, authNoPriv with "
                            + "passwd, else noAuthNoPriv."),
            new AgentParameter(SNMP_PRIV_PROT, ParameterType.SELECT, false, Optional.of("DES"), false,
                    List.of("DES", "AES"), "SNMP v3 privacy protocol (DES-CBC or AES-128-CFB)."),
            new AgentParameter(SNMP_PRIV_PASSWD, ParameterType.STRING, false, Optional.empty(), true, List.of(),
                    "SNMP v3 privacy password (8 characters or more). Never logged or shown."),
            new AgentParameter(POWER_WAIT, ParameterType.SECONDS, false, Optional.of("0"), false, List.of(),
                    "Seconds to wait after a power command before reading the outlet state (it is then read until "
                            + "it changes, up to power_timeout)."),
            new AgentParameter(POWER_TIMEOUT, ParameterType.SECONDS, false, Optional.of("20"), false, List.of(),
                    "Seconds to wait for the outlet state to change after ON/OFF."),
            new AgentParameter(TIMEOUT, ParameterType.SECONDS, false, Optional.of("20"), false, List.of(),
                    "Seconds an action may take at most (the fencing daemon's own limit applies too)."),
            new AgentParameter(REQUEST_TIMEOUT, ParameterType.SECONDS, false, Optional.of("1"), false, List.of(),
                    "Seconds to wait for one SNMP answer before sending the request again."));

    /**
     * @param raw the device's parameters (aliases allowed; unknown names are ignored)
     * @return them checked
     * @throws IllegalArgumentException naming every bad or missing parameter (never a secret's value)
     */
    static PduParameters parse(Map<String, String> raw) {
        List<String> problems = new ArrayList<>();
        String host = text(raw, IPADDR);
        if (host == null) {
            problems.add(IPADDR + " is required");
        }
        int port = 161;
        String p = text(raw, IPPORT);
        if (p != null) {
            try {
                port = Integer.parseInt(p);
                if (port < 1 || port > 65535) {
                    problems.add(IPPORT + " must be 1-65535, not " + p);
                }
            } catch (NumberFormatException e) {
                problems.add(IPPORT + " must be a number, not '" + p + "'");
            }
        }
        Version version = Version.V1;
        String v = text(raw, SNMP_VERSION);
        if (v != null) {
            version = switch (v.toLowerCase(Locale.ROOT)) {
                case "1" -> Version.V1;
                case "2c" -> Version.V2C;
                case "3" -> Version.V3;
                default -> {
                    problems.add(SNMP_VERSION + " must be 1, 2c or 3, not '" + v + "'");
                    yield null;
                }
            };
        }
        String community = value(raw, COMMUNITY);
        if (community == null) {
            community = DEFAULT_COMMUNITY;
        } else if (community.isEmpty() && version != Version.V3) {
            problems.add(COMMUNITY + " must not be empty");
        }
        String login = text(raw, LOGIN);
        String passwd = value(raw, PASSWD);
        String privPasswd = value(raw, SNMP_PRIV_PASSWD);
        AuthProtocol auth = choice(raw, SNMP_AUTH_PROT, AuthProtocol.class, AuthProtocol.MD5, problems);
        PrivProtocol priv = choice(raw, SNMP_PRIV_PROT, PrivProtocol.class, PrivProtocol.DES, problems);
        SecurityLevel level = null;
        String l = text(raw, SNMP_SEC_LEVEL);
        if (l != null) {
            for (SecurityLevel s : SecurityLevel.values()) {
                if (s.label().equalsIgnoreCase(l)) {
                    level = s;
                }
            }
            if (level == null) {
                problems.add(SNMP_SEC_LEVEL + " must be noAuthNoPriv, authNoPriv or authPriv, not '" + l + "'");
            }
        } else if (privPasswd != null && !privPasswd.isEmpty()) {
            level = SecurityLevel.AUTH_PRIV;
        } else if (passwd != null && !passwd.isEmpty()) {
            level = SecurityLevel.AUTH_NO_PRIV;
        } else {
            level = SecurityLevel.NO_AUTH_NO_PRIV;
        }
        if (version == Version.V3) {
            if (login == null) {
                problems.add(LOGIN + " (the SNMP v3 user) is required with " + SNMP_VERSION + "=3");
            }
            if (level != null && level.authenticates()) {
                if (passwd == null || passwd.isEmpty()) {
                    problems.add(PASSWD + " (the v3 authentication password) is required with " + SNMP_SEC_LEVEL
                            + "=" + level.label());
                } else if (passwd.length() < MIN_V3_PASSWORD) {
                    problems.add(PASSWD + " must have at least " + MIN_V3_PASSWORD + " characters for SNMP v3 "
                            + "(RFC 3414)");
                }
            }
            if (level != null && level.encrypts()) {
                if (privPasswd == null || privPasswd.isEmpty()) {
                    problems.add(SNMP_PRIV_PASSWD + " is required with " + SNMP_SEC_LEVEL + "=authPriv");
                } else if (privPasswd.length() < MIN_V3_PASSWORD) {
                    problems.add(SNMP_PRIV_PASSWD + " must have at least " + MIN_V3_PASSWORD
                            + " characters for SNMP v3 (RFC 3414)");
                }
            }
        }
        Duration powerWait = seconds(raw, POWER_WAIT, Duration.ZERO, true, problems);
        Duration powerTimeout = seconds(raw, POWER_TIMEOUT, Duration.ofSeconds(20), false, problems);
        Duration timeout = seconds(raw, TIMEOUT, Duration.ofSeconds(20), false, problems);
        Duration requestTimeout = seconds(raw, REQUEST_TIMEOUT, Duration.ofSeconds(1), false, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid pdu device parameters: " + String.join("; ", problems));
        }
        SnmpTarget target = version == Version.V3
                ? new SnmpTarget(host, port, version, null, login, level, auth,
                        level.authenticates() ? passwd : null, priv, level.encrypts() ? privPasswd : null,
                        requestTimeout)
                : new SnmpTarget(host, port, version, community, null, null, null, null, null, null, requestTimeout);
        return new PduParameters(target, powerWait, powerTimeout, timeout);
    }

    private static <E extends Enum<E>> E choice(Map<String, String> raw, String name, Class<E> type, E dflt,
                                                List<String> problems) {
        String v = text(raw, name);
        if (v == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        problems.add(name + " must be " + String.join(" or ", names) + ", not '" + v + "'");
        return dflt;
    }

    private static String value(Map<String, String> raw, String name) {
        String v = raw.get(name);
        if (v == null) {
            for (Map.Entry<String, String> a : ALIASES.entrySet()) {
                if (a.getValue().equals(name) && raw.get(a.getKey()) != null) {
                    return raw.get(a.getKey());
                }
            }
        }
        return v;
    }

    private static String text(Map<String, String> raw, String name) {
        String v = value(raw, name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.trim();
    }

    private static Duration seconds(Map<String, String> raw, String name, Duration dflt, boolean zeroAllowed,
                                    List<String> problems) {
        String v = text(raw, name);
        if (v == null) {
            return dflt;
        }
        try {
            double s = Double.parseDouble(v);
            if (Double.isNaN(s) || Double.isInfinite(s) || s < 0 || (!zeroAllowed && s == 0) || s > 86_400) {
                problems.add(name + " must be " + (zeroAllowed ? "0 or more" : "more than 0") + " seconds, not " + v);
                return dflt;
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            problems.add(name + " must be a number of seconds, not '" + v + "'");
            return dflt;
        }
    }

    @Override
    public String toString() {
        return "PduParameters[" + target + ", power_wait=" + Deadline.seconds(powerWait) + ", power_timeout="
                + Deadline.seconds(powerTimeout) + ", timeout=" + Deadline.seconds(timeout) + "]";
    }
}
