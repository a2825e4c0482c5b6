package org.vigil.itests.harness;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free ports at run time.
 *
 * <p>Ports are drawn at random below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), so the outgoing connections of
 * running nodes cannot take a port handed out for a node that starts later; a port is
 * handed out once per JVM; it must be free for TCP and UDP on the wildcard address (a
 * node's cluster port serves both protocols).
 */
public final class Ports {

    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** @return a port free now for both TCP and UDP, never returned before by this JVM */
    public static int freeTcpAndUdp() {
        return pick(true);
    }

    /** @return a port free now for TCP, never returned before by this JVM */
    public static int freeTcp() {
        return pick(false);
    }

    private static int pick(boolean udpToo) {
        int highest = ephemeralStart() - 1;
        for (int attempt = 0; attempt < 2000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            if (tcpFree(port) && (!udpToo || udpFree(port)) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found between " + LOWEST + " and " + highest);
    }

    static boolean tcpFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean udpFree(int port) {
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the first port of the kernel's ephemeral range (32768 if it cannot be read) */
    static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
