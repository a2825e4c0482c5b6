package org.vigil.resource.ip;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One address configured on an interface, as {@code ip -o addr show} lists it.
 *
 * @param iface   the interface
 * @param address the address
 * @param prefix  its prefix length
 * @param flags   the words after the address that matter here: {@code secondary},
 *                {@code tentative}, {@code dadfailed}, {@code deprecated}
 * @param label   the IPv4 label ({@code eth0:1}), or the interface name
 */
record InterfaceAddress(String iface, InetAddress address, int prefix, Set<String> flags, String label) {

    private static final Set<String> FLAGS = Set.of("secondary", "tentative", "dadfailed", "deprecated", "noprefixroute");

    /**
     * @param other an address of the same family
     * @return true when this address's subnet contains it
     */
    boolean subnetContains(InetAddress other) {
        return sameFamily(other) && samePrefix(address, other, prefix);
    }

    /** @return true when both are IPv4 or both IPv6 */
    boolean sameFamily(InetAddress other) {
        return address.getAddress().length == other.getAddress().length;
    }

    /**
     * @param a      an address
     * @param b      an address of the same family
     * @param prefix bits to compare
     * @return true when their first {@code prefix} bits are equal
     */
    static boolean samePrefix(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        int bits = x.length * 8;
        int p = Math.min(prefix, bits);
        BigInteger mask = p == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(p).subtract(BigInteger.ONE).shiftLeft(bits - p);
        return new BigInteger(1, x).and(mask).equals(new BigInteger(1, y).and(mask));
    }

    /**
     * Parses {@code ip -o addr show} output.
     *
     * @param output the command's output
     * @return every inet/inet6 address in it
     */
    static List<InterfaceAddress> parse(String output) {
        List<InterfaceAddress> list = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String[] w = line.replace('\\', ' ').trim().split("\\s+");
            // "2: eth0    inet 198.18.0.1/24 brd 198.18.0.255 scope global secondary eth0:1 ..."
            if (w.length < 4 || !(w[2].equals("inet") || w[2].equals("inet6"))) {
                continue;
            }
            String iface = w[1].replaceAll("@.*$", "");
            String[] ap = w[3].split("/");
            InetAddress addr;
            try {
                addr = InetAddress.getByName(ap[0]); // a literal written by ip: no lookup
            } catch (UnknownHostException e) {
                continue;
            }
            int prefix = ap.length > 1 ? Integer.parseInt(ap[1]) : (ap[0].contains(":") ? 128 : 32);
            Set<String> flags = new java.util.TreeSet<>();
            String label = iface;
            for (int i = 4; i < w.length; i++) {
                if (w[i].equals("valid_lft") || w[i].equals("preferred_lft")) {
                    break;
                }
                if (FLAGS.contains(w[i])) {
                    flags.add(w[i]);
                } else if (w[2].equals("inet") && (w[i].equals(iface) || w[i].startsWith(iface + ":"))
                        && i > 4 && !w[i - 1].equals("brd") && !w[i - 1].equals("peer")) {
                    label = w[i];
                }
            }
            list.add(new InterfaceAddress(iface, addr, prefix, Set.copyOf(flags), label));
        }
        return list;
    }
}
