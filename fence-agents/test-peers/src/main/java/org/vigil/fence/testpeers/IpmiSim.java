package org.vigil.fence.testpeers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenIPMI {@code ipmi_sim} BMC on 127.0.0.1 and a free UDP port, in a fresh temporary
 * directory, with the chassis script copied from shared/peers/ipmi (resources
 * {@code ipmi-sim/} of vigil-fence-test-peers): power off SIGKILLs the "node" process whose PID is in
 * {@code WORKDIR/state/node1.pid}, power on runs {@code WORKDIR/state/node1.cmd}.
 * {@link #close()} stops ipmi_sim and the node by PID and deletes the directory.
 */
public final class IpmiSim implements AutoCloseable {
    /** The Debian package that has ipmi_sim. */
    public static final String PACKAGE = "openipmi";
    /** The BMC administrator user. */
    public static final String USER = "admin";
    /** Its password. */
    public static final String PASSWORD = "secret";
    /** A BMC user with operator privilege. */
    public static final String OPERATOR = "operator";
    /** Its password. */
    public static final String OPERATOR_PASSWORD = "oppass";

    private static final String[] RESOURCES = {"chassis.sh", "chassis-lying.sh", "fakenode1.emu", "lan.conf", "start.sh", "stop.sh"};

    private final Path work;
    private final int port;
    private final Process sim;
    private final List<Process> nodes = new ArrayList<>();
    /** Stops the BMC and the node if the test JVM is ended before close() (e.g. a fork timeout's SIGTERM). */
    private final Thread shutdownHook;

    private IpmiSim(Path work, int port, Process sim) {
        this.work = work;
        this.port = port;
        this.sim = sim;
        this.shutdownHook = new Thread(this::stopProcesses, "ipmi-sim-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Fails the calling test with a message naming the package when an executable is missing.
     *
     * @param executable e.g. {@code ipmi_sim}
     * @param pkg        the Debian package that has it
     * @return its path
     */
    public static Path require(String executable, String pkg) {
        return Peers.require(executable, pkg);
    }

    /**
     * @param executable a program name
     * @return its path on PATH (or in the sbin directories), if installed
     */
    public static Optional<Path> which(String executable) {
        return Peers.which(executable);
    }

    /**
     * Starts a BMC with the honest chassis script.
     *
     * @return the running BMC
     */
    public static IpmiSim start() {
        return start("chassis.sh");
    }

    /**
     * @param chassisScript {@code chassis.sh} or {@code chassis-lying.sh}
     * @return the running BMC (answering on its port)
     */
    public static IpmiSim start(String chassisScript) {
        Path ipmiSim = require("ipmi_sim", PACKAGE);
        try {
            Path work = Files.createTempDirectory("vigil-ipmi-sim-");
            Path here = work.resolve("sim");
            Files.createDirectories(here);
            Files.createDirectories(work.resolve("state"));
            Files.createDirectories(work.resolve("simstate"));
            Peers.copyResources("ipmi-sim", RESOURCES, here);
            int port = freeUdpPort();
            String conf = Files.readString(here.resolve("lan.conf"))
                    .replace("@HERE@", here.toString())
                    .replace("@WORK@", work.toString())
                    .replace("@PORT@", Integer.toString(port))
                    .replace("@CHASSIS@", chassisScript);
            Files.writeString(work.resolve("lan.conf"), conf);
            Files.writeString(work.resolve("state/node1.cmd"), "sleep 600\n");
            Process p = new ProcessBuilder(ipmiSim.toString(), "-c", work.resolve("lan.conf").toString(),
                    "-f", here.resolve("fakenode1.emu").toString(), "-s", work.resolve("simstate").toString(), "-n")
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("sim.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Files.writeString(work.resolve("sim.pid"), p.pid() + "\n");
            IpmiSim s = new IpmiSim(work, port, p);
            try {
                s.awaitAnswering();
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the BMC answers a Get Channel Authentication Capabilities (raw bytes). */
    private void awaitAnswering() throws IOException {
        // IPMI v1.5 session-less packet, App netFn, cmd 38h, data 8Eh 04h (spec example layout)
        byte[] ping = hex("0600ff07" + "00" + "00000000" + "00000000" + "09" + "2018c8" + "810038" + "8e04" + "b5");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(100);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            while (System.nanoTime() < end) {
                if (!sim.isAlive()) {
                    throw new IllegalStateException("ipmi_sim exited with " + sim.exitValue() + ": " + output());
                }
                s.send(new DatagramPacket(ping, ping.length, to));
                try {
                    s.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                    sleep(50);
                }
            }
        }
        throw new IllegalStateException("ipmi_sim did not answer on 127.0.0.1:" + port + " within 10 s: " + output());
    }

    /** @return a UDP port nothing listens on now */
    public static int freeUdpPort() throws IOException {
        return Peers.freeUdpPort();
    }

    /**
     * @return the UDP port it answers on (127.0.0.1)
     */
    public int port() {
        return port;
    }

    /**
     * @return its work directory
     */
    public Path work() {
        return work;
    }

    /**
     * Starts the "node": a {@code sleep 600} whose PID goes to state/node1.pid.
     *
     * @return its process
     */
    public Process startNode() {
        try {
            Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            nodes.add(p);
            Files.writeString(work.resolve("state/node1.pid"), p.pid() + "\n");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the PID in state/node1.pid, or -1 */
    public long nodePid() {
        try {
            Path f = work.resolve("state/node1.pid");
            if (!Files.exists(f)) {
                return -1;
            }
            String s = Files.readString(f).trim();
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param pid a process id
     * @return whether it runs (exists and is not a zombie: a SIGKILLed child stays visible until reaped)
     */
    public static boolean running(long pid) {
        return Peers.running(pid);
    }

    /** @return the chassis script's log (one line per call, with a timestamp) */
    public List<String> events() {
        try {
            Path f = work.resolve("state/node1.events");
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return what ipmi_sim printed */
    public String output() {
        try {
            Path f = work.resolve("sim.out");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Stops ipmi_sim and every node process by PID and deletes the work directory. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        stopProcesses();
        try (Stream<Path> all = Files.walk(work)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private void stopProcesses() {
        sim.destroy();
        try {
            if (!sim.waitFor(3, TimeUnit.SECONDS)) {
                sim.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long pid = nodePid();
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (Process n : nodes) {
            n.destroyForcibly();
        }
    }

    /**
     * @param h hex digits
     * @return the bytes they spell
     */
    public static byte[] hex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /**
     * Sleeps; an interrupt ends it and is kept.
     *
     * @param ms how long
     */
    public static void sleep(long ms) {
        Peers.sleep(ms);
    }
}
