package org.vigil.fence.ilo;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.ParameterType;

/**
 * The ilo agent's parameters, named as ClusterLabs' fence_ilo and fence_redfish name them in
 * {@code cluster.conf}, and their checking. Messages name the parameter and never show the password.
 *
 * @param target         the iLO, the credentials and the certificate check
 * @param protocol       Redfish or RIBCL
 * @param ribclTransport how RIBCL documents are carried
 * @param redfishUri     the Redfish service root
 * @param systemsUri     the ComputerSystem to control, or null to take the first member of Systems
 * @param method         how REBOOT is done
 * @param powerWait      the pause after a power command before its state is read
 * @param timeout        the longest an action may take
 */
record IloParameters(IloTarget target, Protocol protocol, RibclTransport ribclTransport, String redfishUri,
                     String systemsUri, Method method, Duration powerWait, Duration timeout) {

    /** The iLO interface spoken. */
    enum Protocol {
        /** DMTF Redfish (iLO 4 from firmware 2.30, iLO 5, iLO 6): the default. */
        REDFISH,
        /** HP's RIBCL XML scripting interface (iLO, iLO 2, iLO 3, iLO 4). */
        RIBCL
    }

    /** How RIBCL documents travel. */
    enum RibclTransport {
        /** HTTP POST /ribcl first (iLO 3/4); raw XML over TLS when the iLO answers 404 (iLO 2). */
        AUTO,
        /** Raw XML over TLS, the connection closed by the iLO after the answer (iLO, iLO 2). */
        RAW,
        /** HTTP POST /ribcl over TLS (iLO 3, iLO 4). */
        HTTP
    }

    /** How a reboot is done (fence_redfish's {@code method}). */
    enum Method {
        /** Power off, confirm OFF, power on (the safe default). */
        ONOFF,
        /** One reset (Redfish ForceRestart, RIBCL COLD_BOOT_SERVER); its OFF phase must still be seen. */
        CYCLE
    }

    static final String IPADDR = "ipaddr";
    static final String IPPORT = "ipport";
    static final String LOGIN = "login";
    static final String PASSWD = "passwd";
    static final String ILO_PROTOCOL = "ilo_protocol";
    static final String RIBCL_TRANSPORT = "ribcl_transport";
    static final String SSL = "ssl";
    static final String SSL_SECURE = "ssl_secure";
    static final String SSL_INSECURE = "ssl_insecure";
    static final String SSL_FINGERPRINT = "ssl_fingerprint";
    static final String REDFISH_URI = "redfish_uri";
    static final String SYSTEMS_URI = "systems_uri";
    static final String METHOD = "method";
    static final String POWER_WAIT = "power_wait";
    static final String TIMEOUT = "timeout";

    /** Names Pacemaker-style configurations use for the same parameters. */
    static final Map<String, String> ALIASES = Map.of("ip", IPADDR, "username", LOGIN, "password", PASSWD,
            "redfish-uri", REDFISH_URI, "systems-uri", SYSTEMS_URI, "ssl-insecure", SSL_INSECURE);

    /** The metadata's parameter list. */
    static final List<AgentParameter> PARAMETERS = List.of(
            new AgentParameter(IPADDR, ParameterType.STRING, true, Optional.empty(), false, List.of(),
                    "Address or host name of the iLO."),
            new AgentParameter(IPPORT, ParameterType.INTEGER, false, Optional.of("443"), false, List.of(),
                    "TCP port of the iLO's HTTPS service."),
            new AgentParameter(LOGIN, ParameterType.STRING, true, Optional.empty(), false, List.of(),
                    "iLO user name (it needs the Virtual Power and Reset privilege)."),
            new AgentParameter(PASSWD, ParameterType.STRING, true, Optional.empty(), true, List.of(),
                    "Password of the iLO user; never logged or shown."),
            new AgentParameter(ILO_PROTOCOL, ParameterType.SELECT, false, Optional.of("redfish"), false,
                    List.of("redfish", "ribcl"),
                    "redfish (iLO 5 and later, iLO 4 from firmware 2.30) or ribcl (the XML interface of iLO 2, 3 "
                            + "and 4)."),
            new AgentParameter(RIBCL_TRANSPORT, ParameterType.SELECT, false, Optional.of("auto"), false,
                    List.of("auto", "raw", "http"),
                    "How RIBCL is carried: http (POST /ribcl, iLO 3/4), raw (XML over TLS, iLO 2) or auto "
                            + "(http, then raw when the iLO answers 404)."),
            new AgentParameter(SSL_FINGERPRINT, ParameterType.STRING, false, Optional.empty(), false, List.of(),
                    "Accept exactly the iLO certificate with this SHA-256 fingerprint (SHA256:AB:CD:... or 64 hex "
                            + "digits) instead of the JDK trust store; the message of a refused certificate names it."),
            new AgentParameter(SSL_INSECURE, ParameterType.BOOLEAN, false, Optional.of("0"), false, List.of(),
                    "1: accept any certificate (no protection against a device in the middle; logged as a "
                            + "warning on every action). Prefer ssl_fingerprint."),
            new AgentParameter(SSL, ParameterType.BOOLEAN, false, Optional.of("1"), false, List.of(),
                    "Accepted for fence_ilo compatibility: TLS is always used (0 is refused)."),
            new AgentParameter(SSL_SECURE, ParameterType.BOOLEAN, false, Optional.of("1"), false, List.of(),
                    "Accepted for fence agent compatibility: certificates are checked unless ssl_insecure=1."),
            new AgentParameter(REDFISH_URI, ParameterType.STRING, false, Optional.of("/redfish/v1"), false,
                    List.of(), "Redfish service root (redfish only)."),
            new AgentParameter(SYSTEMS_URI, ParameterType.STRING, false, Optional.empty(), false, List.of(),
                    "Redfish ComputerSystem to control, e.g. /redfish/v1/Systems/1 (default: the first member "
                            + "of the service root's Systems collection)."),
            new AgentParameter(METHOD, ParameterType.SELECT, false, Optional.of("onoff"), false,
                    List.of("onoff", "cycle"),
                    "How reboot is done: onoff (power off, confirm OFF, power on) or cycle (Redfish ForceRestart "
                            + "or RIBCL COLD_BOOT_SERVER; its OFF phase must still be seen)."),
            new AgentParameter(POWER_WAIT, ParameterType.SECONDS, false, Optional.of("0"), false, List.of(),
                    "Seconds to wait after a power command before reading the power state (it is then read until "
                            + "it changes or the timeout)."),
            new AgentParameter(TIMEOUT, ParameterType.SECONDS, false, Optional.of("20"), false, List.of(),
                    "Seconds an action may take at most (the fencing daemon's own limit applies too)."));

    /**
     * @param raw the device's parameters (aliases allowed; unknown names are ignored)
     * @return them checked
     * @throws IllegalArgumentException naming every bad or missing parameter
     */
    static IloParameters parse(Map<String, String> raw) {
        List<String> problems = new ArrayList<>();
        String host = text(raw, IPADDR);
        if (host == null) {
            problems.add(IPADDR + " is required");
        } else if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String login = text(raw, LOGIN);
        if (login == null) {
            problems.add(LOGIN + " is required");
        }
        String passwd = value(raw, PASSWD);
        if (passwd == null || passwd.isEmpty()) {
            problems.add(PASSWD + " is required");
        }
        int port = 443;
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
        Protocol protocol = choice(raw, ILO_PROTOCOL, Protocol.class, Protocol.REDFISH, problems);
        RibclTransport transport = choice(raw, RIBCL_TRANSPORT, RibclTransport.class, RibclTransport.AUTO, problems);
        Method method = choice(raw, METHOD, Method.class, Method.ONOFF, problems);
        Boolean ssl = bool(raw, SSL, problems);
        if (Boolean.FALSE.equals(ssl)) {
            problems.add(SSL + "=0 is not supported: an iLO is only reached over TLS");
        }
        Boolean sslSecure = bool(raw, SSL_SECURE, problems);
        boolean insecure = Boolean.TRUE.equals(bool(raw, SSL_INSECURE, problems));
        if (insecure && Boolean.TRUE.equals(sslSecure)) {
            problems.add(SSL_INSECURE + "=1 contradicts " + SSL_SECURE + "=1");
        }
        ServerTrust trust = ServerTrust.trustStore();
        String fp = text(raw, SSL_FINGERPRINT);
        if (fp != null) {
            try {
                trust = ServerTrust.pinned(Fingerprint.parse(fp));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (insecure) {
                problems.add(SSL_INSECURE + "=1 contradicts " + SSL_FINGERPRINT + " (give one of them)");
            }
        } else if (insecure) {
            trust = ServerTrust.insecure();
        }
        String redfishUri = path(raw, REDFISH_URI, "/redfish/v1", problems);
        String systemsUri = path(raw, SYSTEMS_URI, null, problems);
        Duration powerWait = seconds(raw, POWER_WAIT, Duration.ZERO, true, problems);
        Duration timeout = seconds(raw, TIMEOUT, Duration.ofSeconds(20), false, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid ilo device parameters: " + String.join("; ", problems));
        }
        return new IloParameters(new IloTarget(host, port, login, passwd, trust), protocol, transport, redfishUri,
                systemsUri, method, powerWait, timeout);
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
        return v == null || v.isBlank() ? null : v.trim();
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
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        problems.add(name + " must be " + String.join(" or ", names) + ", not '" + v + "'");
        return dflt;
    }

    private static Boolean bool(Map<String, String> raw, String name, List<String> problems) {
        String v = text(raw, name);
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "1": case "true": case "on": case "yes": case "":
                return Boolean.TRUE;
            case "0": case "false": case "off": case "no":
                return Boolean.FALSE;
            default:
                problems.add(name + " must be 1 or 0, not '" + v + "'");
                return null;
        }
    }

    private static String path(Map<String, String> raw, String name, String dflt, List<String> problems) {
        String v = text(raw, name);
        if (v == null) {
            return dflt;
        }
        try {
            URI u = new URI(v);
            if (u.isAbsolute() || u.getRawAuthority() != null || !v.startsWith("/") || u.getRawQuery() != null
                    || u.getRawFragment() != null) {
                problems.add(name + " must be a path on the iLO such as /redfish/v1/Systems/1, not '" + v + "'");
                return dflt;
            }
        } catch (URISyntaxException e) {
            problems.add(name + " is not a valid path: '" + v + "' (" + e.getReason() + ")");
            return dflt;
        }
        return v.length() > 1 && v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
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
                problems.add(name + " must be " + (zeroAllowed ? "0 or more" : "more than 0") + " seconds (at most "
                        + "86400), not " + v);
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
        return "IloParameters[" + target + ", " + protocol + (protocol == Protocol.RIBCL ? "/" + ribclTransport : "")
                + ", method=" + method + ", power_wait=" + powerWait + ", timeout=" + timeout + "]";
    }
}
