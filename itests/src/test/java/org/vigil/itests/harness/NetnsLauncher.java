package org.vigil.itests.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs every node in its own network namespace, as separate machines on one LAN (PEERS.md): a
 * bridge on this host with 198.18.S.254/24, and per node a namespace whose {@code eth0} (a veth
 * into the bridge) has 198.18.S.INDEX/24, no default route: nothing leaves the machine. The test
 * JVM reaches the nodes (ssh, services, floating addresses) through the bridge; the nodes reach
 * this host's peers (ipmi_sim BMCs) at {@link #hostAddress()}.
 *
 * <p>A node's power is its link: {@link #powerOff} (what its BMC runs when it cuts the power) sets
 * the node's veth down, so its addresses, floating ones included, stop answering, as a machine
 * switched off does; {@link #beforeStart} (power on, boot) sets it up again with only the node's
 * own address, as a machine that booted has forgotten the addresses it had. The namespaces and the
 * bridge carry this JVM's pid in their names; {@link #close} deletes them, and a later run deletes
 * those of runs whose JVM is gone ({@link #create}).
 *
 * <p>Needs root (CI runs as root) and {@code iproute2}.
 */
public final class NetnsLauncher implements NodeLauncher {

    private static final String NS_PREFIX = "vigil-h";
    private static final String BRIDGE_PREFIX = "vgbr";
    private static final String VETH_PREFIX = "vgh";

    private final long pid = ProcessHandle.current().pid();
    private final int subnet;
    private final String bridge;
    private final Map<Integer, String> namespaces = new ConcurrentHashMap<>();

    private NetnsLauncher(int subnet) {
        this.subnet = subnet;
        this.bridge = BRIDGE_PREFIX + pid;
    }

    /**
     * Creates the bridge on a free 198.18.S.0/24 (S from 100 to 199), after removing what dead
     * earlier runs left behind.
     *
     * @return the launcher; close it (the harness does) to remove everything
     */
    public static NetnsLauncher create() {
        reapOrphans();
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < 100; i++) {
            int s = 100 + (int) ((pid + i) % 100);
            if (!run("ip", "-4", "addr", "show", "to", "198.18." + s + ".0/24").text().isBlank()) {
                continue;
            }
            NetnsLauncher l = new NetnsLauncher(s);
            try {
                sh("ip", "link", "add", "name", l.bridge, "type", "bridge");
                sh("ip", "addr", "add", l.hostAddress() + "/24", "dev", l.bridge);
                sh("ip", "link", "set", l.bridge, "up");
            } catch (RuntimeException e) {
                l.close();
                throw e;
            }
            return l;
        }
        throw new IllegalStateException("no free subnet in 198.18.100.0-198.18.199.0/24 for the test namespaces");
    }

    /** @return this host's address on the nodes' LAN (where their BMCs listen) */
    @Override
    public String hostAddress() {
        return lanAddress(254);
    }

    @Override
    public String address(int index) {
        if (index < 1 || index > 99) {
            throw new IllegalArgumentException("node index " + index + " outside 1..99");
        }
        return "198.18." + subnet + "." + index;
    }

    /**
     * @param host the last byte
     * @return an address of the nodes' LAN that no node has, for floating addresses (use 100-199)
     */
    public String lanAddress(int host) {
        return "198.18." + subnet + "." + host;
    }

    /** @return the namespace the node runs in */
    public String namespace(Node node) {
        return NS_PREFIX + pid + "-" + node.index();
    }

    private String veth(Node node) {
        return VETH_PREFIX + pid + "n" + node.index();
    }

    @Override
    public void prepare(Node node) {
        String ns = namespace(node);
        String veth = veth(node);
        sh("ip", "netns", "add", ns);
        namespaces.put(node.index(), ns);
        sh("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        sh("ip", "link", "set", veth, "master", bridge);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        powerOn(node);
    }

    @Override
    public List<String> wrap(Node node, List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        out.addAll(command);
        return out;
    }

    @Override
    public void beforeStart(Node node) {
        powerOn(node);
    }

    private void powerOn(Node node) {
        String ns = namespace(node);
        sh("ip", "-n", ns, "addr", "flush", "dev", "eth0");
        sh("ip", "-n", ns, "addr", "add", address(node.index()) + "/24", "dev", "eth0");
        sh("ip", "-n", ns, "link", "set", "eth0", "up");
        sh("ip", "link", "set", veth(node), "up");
    }

    @Override
    public List<String> powerOff(Node node) {
        return List.of("ip", "link", "set", veth(node), "down");
    }

    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        for (String ns : namespaces.values()) {
            Out o = run("ip", "netns", "del", ns);
            if (o.code() != 0 && namespaceExists(ns)) {
                problems.add(ns + ": " + o.text().strip());
            }
        }
        namespaces.clear();
        if (linkExists(bridge)) {
            Out o = run("ip", "link", "del", bridge);
            if (o.code() != 0) {
                problems.add(bridge + ": " + o.text().strip());
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("cannot remove test network namespaces: " + problems);
        }
    }

    /** Deletes namespaces and bridges of earlier test JVMs that are gone. */
    static void reapOrphans() {
        for (String line : run("ip", "netns", "list").text().lines().toList()) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(NS_PREFIX) && ownerGone(ns.substring(NS_PREFIX.length(), ns.indexOf('-', NS_PREFIX.length())))) {
                run("ip", "netns", "del", ns);
            }
        }
        for (String line : run("ip", "-o", "link", "show", "type", "bridge").text().lines().toList()) {
            String[] parts = line.split(":\\s*");
            if (parts.length > 1 && parts[1].startsWith(BRIDGE_PREFIX) && ownerGone(parts[1].substring(BRIDGE_PREFIX.length()))) {
                run("ip", "link", "del", parts[1]);
            }
        }
    }

    private static boolean ownerGone(String pid) {
        try {
            long p = Long.parseLong(pid);
            return p != ProcessHandle.current().pid() && ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean namespaceExists(String ns) {
        return run("ip", "netns", "list").text().lines().anyMatch(l -> l.split(" ")[0].equals(ns));
    }

    private static boolean linkExists(String name) {
        return run("ip", "link", "show", name).code() == 0;
    }

    private static void sh(String... command) {
        Out o = run(command);
        if (o.code() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + o.code() + "): " + o.text().strip()
                + (o.text().contains("Operation not permitted") ? " (network namespaces need root)" : ""));
        }
    }

    private record Out(int code, String text) {
    }

    private static Out run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Out(-1, String.join(" ", command) + " hung");
            }
            return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Out(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Out(-1, String.join(" ", command) + " interrupted");
        }
    }
}
