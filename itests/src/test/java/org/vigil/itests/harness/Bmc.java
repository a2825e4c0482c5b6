package org.vigil.itests.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A simulated IPMI BMC (OpenIPMI's {@code ipmi_sim}, package {@code openipmi}) that powers one
 * cluster node: its chassis power off SIGKILLs that node's JVM, as a real BMC cuts a server's
 * power; power on starts a stand-in process (the machine is on, the cluster software is not
 * started). Every chassis call is logged with a timestamp in {@link #events()}.
 *
 * <p>User {@value #USER}, password {@value #PASSWORD}, cipher suite 3, on 127.0.0.1 (or the address
 * given, e.g. {@link ClusterHarness#hostAddress()} for nodes in namespaces) and a free UDP port.
 * When the node runs in a network namespace, power off also takes its link down
 * ({@link NodeLauncher#powerOff}). A lying BMC ({@link #startLying}) accepts every power command and always reads ON.
 * {@link #close()} stops ipmi_sim and the stand-in process (never the node: the harness owns it).
 */
public final class Bmc implements AutoCloseable {

    /** The BMC user. */
    public static final String USER = "admin";
    /** The BMC user's password. */
    public static final String PASSWORD = "secret";

    private static final String[] RESOURCES = {"chassis.sh", "chassis-lying.sh", "fakenode1.emu", "lan.conf"};

    private final Path work;
    private final String address;
    private final int port;
    private final Process sim;
    private volatile Node node;

    private Bmc(Path work, String address, int port, Process sim) {
        this.work = work;
        this.address = address;
        this.port = port;
        this.sim = sim;
    }

    /**
     * Starts an honest BMC in {@code dir} (created).
     *
     * @param dir its work directory
     * @return the BMC, answering
     */
    public static Bmc start(Path dir) {
        return start(dir, "127.0.0.1", "chassis.sh");
    }

    /**
     * Starts an honest BMC in {@code dir} (created), listening on {@code address}.
     *
     * @param dir     its work directory
     * @param address where it listens (an address of this host)
     * @return the BMC, answering
     */
    public static Bmc start(Path dir, String address) {
        return start(dir, address, "chassis.sh");
    }

    /**
     * Starts a BMC that says "done" to every power command and always reads ON.
     *
     * @param dir its work directory
     * @return the BMC, answering
     */
    public static Bmc startLying(Path dir) {
        return start(dir, "127.0.0.1", "chassis-lying.sh");
    }

    private static Bmc start(Path dir, String address, String chassis) {
        Path ipmiSim = which("ipmi_sim").orElseThrow(() -> new IllegalStateException(
            "ipmi_sim not found: the fencing cluster tests need the Debian package 'openipmi' (see .ci/run)"));
        try {
            Path here = dir.resolve("sim");
            Files.createDirectories(here);
            Files.createDirectories(dir.resolve("state"));
            Files.createDirectories(dir.resolve("simstate"));
            for (String r : RESOURCES) {
                try (InputStream in = Bmc.class.getResourceAsStream("/ipmi-sim/" + r)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource ipmi-sim/" + r + " missing");
                    }
                    Files.copy(in, here.resolve(r));
                }
            }
            int port = Ports.freeTcpAndUdp();
            String conf = Files.readString(here.resolve("lan.conf"))
                .replace("@HERE@", here.toString())
                .replace("@WORK@", dir.toString())
                .replace("@ADDR@", address)
                .replace("@PORT@", Integer.toString(port))
                .replace("@CHASSIS@", chassis);
            Files.writeString(dir.resolve("lan.conf"), conf);
            Files.writeString(dir.resolve("state/node1.cmd"), "sleep 3600\n");
            Process p = new ProcessBuilder(ipmiSim.toString(), "-c", dir.resolve("lan.conf").toString(),
                "-f", here.resolve("fakenode1.emu").toString(), "-s", dir.resolve("simstate").toString(), "-n")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sim.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
            Processes.track(p.toHandle());
            Bmc bmc = new Bmc(dir, address, port, p);
            try {
                Await.until("ipmi_sim to listen on UDP " + port, Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> {
                        if (!p.isAlive()) {
                            throw new Await.GiveUp("ipmi_sim exited: " + bmc.simOutput());
                        }
                        return listening(port);
                    }, Boolean::booleanValue);
            } catch (RuntimeException e) {
                bmc.close();
                throw e;
            }
            return bmc;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ipmi_sim in " + dir, e);
        }
    }

    private static boolean listening(int port) {
        try {
            String hex = String.format(":%04X ", port);
            return Files.readAllLines(Path.of("/proc/net/udp")).stream().anyMatch(l -> l.contains(hex));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> which(String executable) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/sbin";
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, executable);
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Makes this BMC power {@code n}: its power off kills n's JVM. Call again after n restarts.
     *
     * @param n a running node
     * @return this BMC
     */
    public Bmc powers(Node n) {
        this.node = n;
        try {
            List<String> off = n.launcher().powerOff(n);
            Path hook = work.resolve("state/node1.off");
            if (off.isEmpty()) {
                Files.deleteIfExists(hook);
            } else {
                Files.writeString(hook, String.join(" ", off) + "\n");
                Files.writeString(work.resolve("state/node1.power"), "1\n");
            }
            Files.writeString(work.resolve("state/node1.pid"), n.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** @return its UDP port */
    public int port() {
        return port;
    }

    /**
     * @param deviceName the {@code <fencedevice>} name
     * @return a {@code <fencedevice>} for the native {@code ipmi} agent
     */
    public String fenceDeviceXml(String deviceName) {
        return fenceDeviceXml(deviceName, "ipmi", PASSWORD);
    }

    /**
     * @param deviceName the {@code <fencedevice>} name
     * @param agent      {@code ipmi} (native) or {@code fence_ipmilan} (ClusterLabs, via external)
     * @param password   the password written in the device (a wrong one makes fencing fail)
     * @return a {@code <fencedevice>} element
     */
    public String fenceDeviceXml(String deviceName, String agent, String password) {
        return "<fencedevice name=\"" + deviceName + "\" agent=\"" + agent + "\" ipaddr=\"" + address + "\" ipport=\""
            + port + "\" login=\"" + USER + "\" passwd=\"" + password + "\" cipher=\"3\" lanplus=\"1\""
            + (agent.equals("ipmi") ? "" : " power_wait=\"0\"") + "/>";
    }

    /** @return the chassis calls so far, one line each ("TIME set power 0", "TIME KILLED PID", ...) */
    public List<String> events() {
        try {
            Path f = work.resolve("state/node1.events");
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the BMC has killed the node it powers */
    public boolean killedNode() {
        Node n = node;
        return n != null && events().stream().anyMatch(l -> l.contains("KILLED"));
    }

    private String simOutput() {
        try {
            return Files.readString(work.resolve("sim.out"));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Processes.killTree(sim.toHandle(), Duration.ofSeconds(5));
        // the stand-in "machine" started by a power on; the node itself belongs to the harness
        try {
            Path pidFile = work.resolve("state/node1.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                Node n = node;
                boolean isNode = n != null && n.isRunning() && n.pid() == pid;
                if (!isNode) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | NumberFormatException | IllegalStateException e) {
            // nothing to stop
        }
    }
}
