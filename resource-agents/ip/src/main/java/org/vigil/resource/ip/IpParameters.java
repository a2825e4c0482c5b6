package org.vigil.resource.ip;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vigil.api.resource.ResourceParameter;

/**
 * The parameters of one {@code ip} resource, checked. Names as rgmanager's {@code ip.sh}
 * ({@code address}, {@code monitor_link}, {@code sleeptime}) plus IPaddr2's ideas
 * ({@code interface}, {@code prefix}, {@code label}, {@code arp_count}).
 *
 * @param address      the floating address
 * @param prefix       its prefix length, if given (else taken from the matching subnet)
 * @param iface        the interface, if given (else the one whose subnet contains the address)
 * @param label        the IPv4 label, if given
 * @param monitorLink  whether a link without carrier is a failure
 * @param sleepTime    how long stop waits after removing the address
 * @param arpCount     how many gratuitous ARPs / unsolicited NAs start sends
 * @param arpBackground whether the announcements go out in the background
 * @param duplicateCheck whether start first checks that nobody else answers for the address
 */
record IpParameters(InetAddress address, Optional<Integer> prefix, Optional<String> iface, Optional<String> label,
                    boolean monitorLink, Duration sleepTime, int arpCount, boolean arpBackground,
                    boolean duplicateCheck) {

    /** The parameters, for the metadata. */
    static final List<ResourceParameter> PARAMETERS = List.of(
            new ResourceParameter("address", true, true, Optional.empty(),
                    "IPv4 or IPv6 address, optionally with /prefix (198.18.0.10/24, 2001:2::10/64)"),
            new ResourceParameter("interface", false, false, Optional.empty(),
                    "network interface; default: the one with an address in a subnet containing the address"),
            new ResourceParameter("prefix", false, false, Optional.empty(),
                    "prefix length (netmask bits); default: from address, else that of the matching subnet"),
            new ResourceParameter("label", false, false, Optional.empty(),
                    "IPv4 label (IF:TAG, at most 15 characters); default IF:LAST-OCTET when it fits"),
            new ResourceParameter("monitor_link", false, false, Optional.of("1"),
                    "1: the address fails when its interface has no carrier; 0: the link is not checked"),
            new ResourceParameter("sleeptime", false, false, Optional.of("10"),
                    "seconds stop waits after removing the address (rgmanager's ip.sh), bounded by the timeout"),
            new ResourceParameter("arp_count", false, false, Optional.of("2"),
                    "gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) sent on start"),
            new ResourceParameter("arp_bg", false, false, Optional.of("1"),
                    "1: the announcements are sent in the background and start returns at once (as IPaddr2); "
                            + "0: start waits for them (arping sends one a second)"),
            new ResourceParameter("duplicate_check", false, false, Optional.of("1"),
                    "1: refuse to start when the address already answers on the link (arping -D / IPv6 DAD)"));

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");

    /** @return true for an IPv6 address */
    boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** @return the address without prefix, as {@code ip} writes it */
    String addressText() {
        return text(address);
    }

    /**
     * @param a an address
     * @return it as people and {@code ip} write it: dotted quad, or IPv6 in RFC 5952 form
     *         ({@code 2001:2::10}, the longest run of zero groups as {@code ::})
     */
    static String text(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /**
     * Reads and checks the parameters; every problem is listed.
     *
     * @param params the resource's parameters
     * @return them, checked
     * @throws IllegalArgumentException naming every bad parameter and why
     */
    static IpParameters parse(Map<String, String> params) {
        List<String> problems = new ArrayList<>();
        String raw = trimmed(params.get("address"));
        InetAddress address = null;
        Integer prefix = null;
        if (raw == null) {
            problems.add("address is required");
        } else {
            String addr = raw;
            int slash = raw.indexOf('/');
            if (slash >= 0) {
                addr = raw.substring(0, slash);
                prefix = parsePrefix("address " + raw, raw.substring(slash + 1), problems);
            }
            address = parseAddress(addr, problems);
        }
        String prefixParam = trimmed(params.get("prefix"));
        if (prefixParam == null) {
            prefixParam = trimmed(params.get("cidr_netmask"));
        }
        if (prefixParam != null) {
            Integer p = parsePrefix("prefix", prefixParam, problems);
            if (prefix != null && p != null && !prefix.equals(p)) {
                problems.add("prefix " + p + " contradicts address " + raw);
            }
            prefix = prefix == null ? p : prefix;
        }
        if (address != null && prefix != null) {
            int max = address instanceof Inet6Address ? 128 : 32;
            if (prefix > max) {
                problems.add("prefix " + prefix + " is longer than " + max + " bits for " + text(address));
            }
        }
        String iface = trimmed(params.get("interface"));
        if (iface == null) {
            iface = trimmed(params.get("nic"));
        }
        if (iface != null && !IFNAME.matcher(iface).matches()) {
            problems.add("interface '" + iface + "' is not an interface name");
        }
        String label = trimmed(params.get("label"));
        if (label != null) {
            if (address instanceof Inet6Address) {
                problems.add("label is for IPv4 addresses only");
            } else if (!LABEL.matcher(label).matches()) {
                problems.add("label '" + label + "' is not a label (at most 15 letters, digits, '_.:-')");
            } else if (iface != null && !label.startsWith(iface)) {
                problems.add("label '" + label + "' must start with the interface name " + iface);
            }
        }
        boolean monitorLink = bool("monitor_link", params.get("monitor_link"), true, problems);
        boolean duplicateCheck = bool("duplicate_check", params.get("duplicate_check"), true, problems);
        boolean arpBackground = bool("arp_bg", params.get("arp_bg"), true, problems);
        int sleep = integer("sleeptime", params.get("sleeptime"), 10, 0, 3600, problems);
        int arpCount = integer("arp_count", params.get("arp_count"), 2, 0, 100, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid ip resource parameters: " + String.join("; ", problems));
        }
        return new IpParameters(address, Optional.ofNullable(prefix), Optional.ofNullable(iface),
                Optional.ofNullable(label), monitorLink, Duration.ofSeconds(sleep), arpCount, arpBackground,
                duplicateCheck);
    }

    private static InetAddress parseAddress(String text, List<String> problems) {
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.contains(":") && IPV6.matcher(text).matches();
        if (!v4 && !v6) {
            problems.add("address '" + text + "' is not an IPv4 or IPv6 address");
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(text); // a literal: no name lookup
            if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress() || a.isLinkLocalAddress()) {
                problems.add("address " + text + " cannot float (wildcard, loopback, multicast or link-local)");
                return null;
            }
            return a;
        } catch (UnknownHostException e) {
            problems.add("address '" + text + "' is not an IPv4 or IPv6 address");
            return null;
        }
    }

    private static Integer parsePrefix(String what, String text, List<String> problems) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p < 1 || p > 128) {
                problems.add(what + ": prefix " + p + " is out of range");
                return null;
            }
            return p;
        } catch (NumberFormatException e) {
            problems.add(what + ": prefix '" + text + "' is not a number of bits");
            return null;
        }
    }

    private static boolean bool(String name, String value, boolean dflt, List<String> problems) {
        String v = trimmed(value);
        if (v == null) {
            return dflt;
        }
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "yes", "true", "on" -> {
                return true;
            }
            case "0", "no", "false", "off" -> {
                return false;
            }
            default -> {
                problems.add(name + " '" + v + "' is not 1 or 0");
                return dflt;
            }
        }
    }

    private static int integer(String name, String value, int dflt, int min, int max, List<String> problems) {
        String v = trimmed(value);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problems.add(name + " " + i + " is not between " + min + " and " + max);
                return dflt;
            }
            return i;
        } catch (NumberFormatException e) {
            problems.add(name + " '" + v + "' is not a number");
            return dflt;
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
