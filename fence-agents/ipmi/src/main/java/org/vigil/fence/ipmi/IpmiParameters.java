package org.vigil.fence.ipmi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.ParameterType;

/**
 * The ipmi agent's parameters, named as fence_ipmilan's in {@code cluster.conf}, and their
 * checking. Messages name the parameter and never show the password.
 *
 * @param target    the BMC and the credentials
 * @param method    how a reboot is done
 * @param powerWait the pause after a power command before its status is read
 * @param timeout   the longest an action may take
 */
record IpmiParameters(IpmiTarget target, PowerActions.Method method, Duration powerWait, Duration timeout) {

    static final String IPADDR = "ipaddr";
    static final String IPPORT = "ipport";
    static final String LOGIN = "login";
    static final String PASSWD = "passwd";
    static final String PRIVLVL = "privlvl";
    static final String CIPHER = "cipher";
    static final String METHOD = "method";
    static final String POWER_WAIT = "power_wait";
    static final String TIMEOUT = "timeout";
    static final String REQUEST_TIMEOUT = "request_timeout";
    static final String LANPLUS = "lanplus";

    /** How many times one request is sent before its session is given up for a new one. */
    static final int TRIES_PER_REQUEST = 3;

    /** Names Pacemaker-style configurations use for the same parameters. */
    static final Map<String, String> ALIASES = Map.of("ip", IPADDR, "username", LOGIN, "password", PASSWD);

    /** The metadata's parameter list. */
    static final List<AgentParameter> PARAMETERS = List.of(
            new AgentParameter(IPADDR, ParameterType.STRING, true, Optional.empty(), false, List.of(),
                    "Address or host name of the BMC (its LAN interface)."),
            new AgentParameter(IPPORT, ParameterType.INTEGER, false, Optional.of("623"), false, List.of(),
                    "UDP port of the BMC's RMCP+ service."),
            new AgentParameter(LOGIN, ParameterType.STRING, true, Optional.empty(), false, List.of(),
                    "BMC user name (at most 16 bytes)."),
            new AgentParameter(PASSWD, ParameterType.STRING, true, Optional.empty(), true, List.of(),
                    "Password of the BMC user (at most 20 bytes); never logged or shown."),
            new AgentParameter(PRIVLVL, ParameterType.SELECT, false, Optional.of("administrator"), false,
                    List.of("administrator", "operator", "user"),
                    "Privilege level of the session; power control needs operator or administrator."),
            new AgentParameter(CIPHER, ParameterType.SELECT, false, Optional.of("3"), false, List.of("3"),
                    "RMCP+ cipher suite: 3 (RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128) is the only one spoken."),
            new AgentParameter(METHOD, ParameterType.SELECT, false, Optional.of("onoff"), false,
                    List.of("onoff", "cycle"),
                    "How reboot is done: onoff (power off, confirm OFF, power on) or cycle (one power cycle; "
                            + "its OFF phase must still be seen)."),
            new AgentParameter(POWER_WAIT, ParameterType.SECONDS, false, Optional.of("0"), false, List.of(),
                    "Seconds to wait after a power command before reading the power state (it is then read "
                            + "until it changes or the timeout)."),
            new AgentParameter(TIMEOUT, ParameterType.SECONDS, false, Optional.of("20"), false, List.of(),
                    "Seconds an action may take at most (the fencing daemon's own limit applies too)."),
            new AgentParameter(REQUEST_TIMEOUT, ParameterType.SECONDS, false, Optional.of("1"), false, List.of(),
                    "Seconds to wait for one answer before sending a UDP request again."),
            new AgentParameter(LANPLUS, ParameterType.BOOLEAN, false, Optional.of("1"), false, List.of(),
                    "Accepted for fence_ipmilan compatibility: only IPMI v2.0 lanplus is spoken (0 is refused)."));

    /**
     * @param raw the device's parameters (aliases allowed; unknown names are ignored)
     * @return them checked
     * @throws IllegalArgumentException naming every bad or missing parameter
     */
    static IpmiParameters parse(Map<String, String> raw) {
        Problems problems = new Problems();
        String host = text(raw, IPADDR);
        if (host == null) {
            problems.add(IPADDR + " is required");
        }
        String login = text(raw, LOGIN);
        if (login == null) {
            problems.add(LOGIN + " is required");
        }
        String passwd = value(raw, PASSWD);
        if (passwd == null) {
            problems.add(PASSWD + " is required");
        }
        int port = 623;
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
        Privilege privilege = Privilege.ADMINISTRATOR;
        String priv = text(raw, PRIVLVL);
        if (priv != null) {
            try {
                privilege = Privilege.parse(priv);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        String cipher = text(raw, CIPHER);
        if (cipher != null && !cipher.equals("3")) {
            problems.add(CIPHER + " " + cipher + " is not supported: only cipher suite 3 (RAKP-HMAC-SHA1, "
                    + "HMAC-SHA1-96, AES-CBC-128)");
        }
        PowerActions.Method method = PowerActions.Method.ONOFF;
        String m = text(raw, METHOD);
        if (m != null) {
            switch (m.toLowerCase(Locale.ROOT)) {
                case "onoff":
                    break;
                case "cycle":
                    method = PowerActions.Method.CYCLE;
                    break;
                default:
                    problems.add(METHOD + " must be onoff or cycle, not '" + m + "'");
            }
        }
        String lanplus = text(raw, LANPLUS);
        if (lanplus != null) {
            switch (lanplus.toLowerCase(Locale.ROOT)) {
                case "1": case "true": case "on": case "yes":
                    break;
                case "0": case "false": case "off": case "no":
                    problems.add(LANPLUS + "=" + lanplus + " (IPMI v1.5) is not supported: only IPMI v2.0 lanplus");
                    break;
                default:
                    problems.add(LANPLUS + " must be 1 or 0, not '" + lanplus + "'");
            }
        }
        Duration powerWait = seconds(raw, POWER_WAIT, Duration.ZERO, true, problems);
        Duration timeout = seconds(raw, TIMEOUT, Duration.ofSeconds(20), false, problems);
        Duration requestTimeout = seconds(raw, REQUEST_TIMEOUT, Duration.ofSeconds(1), false, problems);
        IpmiTarget target = null;
        if (problems.isEmpty()) {
            try {
                target = new IpmiTarget(host, port, login, passwd, privilege, requestTimeout, TRIES_PER_REQUEST);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        problems.throwIfAny();
        return new IpmiParameters(target, method, powerWait, timeout);
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
                                    Problems problems) {
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

    private static final class Problems {
        private final List<String> list = new ArrayList<>();

        void add(String p) {
            list.add(p);
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new IllegalArgumentException("invalid ipmi device parameters: " + String.join("; ", list));
            }
        }
    }

    @Override
    public String toString() {
        return "IpmiParameters[" + target + ", method=" + method + ", power_wait=" + powerWait + ", timeout="
                + timeout + "]";
    }
}
