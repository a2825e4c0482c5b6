package org.vigil.fence.testpeers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real net-snmp {@code snmpd} emulating an APC switched rack PDU with 8 outlets (the
 * pass_persist backend {@code apc_pdu.py} from shared/peers/apc-pdu, copied into the
 * resources {@code apc-pdu/} of vigil-fence-test-peers), on 127.0.0.1 and a free UDP port, in a fresh temporary directory.
 * v1/v2c community {@code private} (read-write) and {@code public} (read-only); v3 users
 * {@code fenceuser} (SHA/AES authPriv) and {@code fencemd5} (MD5/DES authPriv), both read-write,
 * and {@code reader} (SHA authNoPriv, read-only). {@link #close()} stops snmpd (its backend exits on EOF) and
 * every "node" process by PID, and deletes the directory.
 */
public final class ApcPdu implements AutoCloseable {
    /** The Debian package that has snmpd. */
    public static final String PACKAGE = "snmpd";
    /** The read-write v1/v2c community. */
    public static final String RW_COMMUNITY = "private";
    /** The read-only v1/v2c community. */
    public static final String RO_COMMUNITY = "public";
    /** The v3 SHA/AES authPriv user (read-write). */
    public static final String V3_USER = "fenceuser";
    /** Its authentication password. */
    public static final String V3_AUTH = "authpass123";
    /** Its privacy password. */
    public static final String V3_PRIV = "privpass123";
    /** The v3 MD5/DES authPriv user (read-write). */
    public static final String V3_MD5_USER = "fencemd5";
    /** Its authentication password. */
    public static final String V3_MD5_AUTH = "authpass456";
    /** Its privacy password. */
    public static final String V3_MD5_PRIV = "privpass456";
    /** The v3 SHA authNoPriv user (read-only). */
    public static final String V3_READER = "reader";
    /** Its authentication password. */
    public static final String V3_READER_AUTH = "authpass789";
    /** The sysObjectID of an APC rack PDU. */
    public static final String RACK_PDU = ".1.3.6.1.4.1.318.1.3.4.5";

    private static final String[] RESOURCES = {"apc_pdu.py", "apc_pdu_lying.py", "snmpd.conf", "hook-kill.sh", "start.sh", "stop.sh"};

    private final Path work;
    private final int port;
    private final Process snmpd;
    private final List<Process> nodes = new ArrayList<>();
    private final Thread shutdownHook;

    private ApcPdu(Path work, int port, Process snmpd) {
        this.work = work;
        this.port = port;
        this.snmpd = snmpd;
        this.shutdownHook = new Thread(this::stopProcesses, "apc-pdu-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Fails the calling test with a message naming the package when an executable is missing.
     *
     * @param executable e.g. {@code fence_apc_snmp}
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

    /** @return an honest rack PDU with outlets named "Outlet N" */
    public static ApcPdu start() {
        return start("apc_pdu.py", RACK_PDU, Map.of());
    }

    /**
     * @param backend     {@code apc_pdu.py} or {@code apc_pdu_lying.py}
     * @param sysObjectId what the PDU reports as sysObjectID
     * @param names       outlet names to set (outlet number → name); the others are "Outlet N"
     * @return the running PDU (answering on its port)
     */
    public static ApcPdu start(String backend, String sysObjectId, Map<Integer, String> names) {
        Path snmpdBin = require("snmpd", PACKAGE);
        try {
            Path work = Files.createTempDirectory("vigil-apc-pdu-");
            Path here = work.resolve("pdu");
            Files.createDirectories(here);
            Files.createDirectories(work.resolve("state"));
            Files.createDirectories(work.resolve("persist"));
            Peers.copyResources("apc-pdu", RESOURCES, here);
            StringBuilder json = new StringBuilder("{");
            Map<Integer, String> all = new TreeMap<>();
            for (int n = 1; n <= 8; n++) {
                all.put(n, names.getOrDefault(n, "Outlet " + n));
            }
            all.forEach((n, name) -> json.append(json.length() == 1 ? "" : ", ").append('"').append(n)
                    .append("\": {\"name\": \"").append(name).append("\", \"on\": true}"));
            Files.writeString(work.resolve("state/outlets.json"), json.append('}').toString());
            int port = freeUdpPort();
            String conf = Files.readString(here.resolve("snmpd.conf"))
                    .replace("@HERE@", here.toString())
                    .replace("@WORK@", work.toString())
                    .replace("@PORT@", Integer.toString(port))
                    .replace("@BACKEND@", backend)
                    .replace("@SYSOBJECTID@", sysObjectId);
            Files.writeString(work.resolve("snmpd.conf"), conf);
            ProcessBuilder pb = new ProcessBuilder(snmpdBin.toString(), "-f", "-C", "-c",
                    work.resolve("snmpd.conf").toString(), "-I", "-smux", "-M", "/dev/null",
                    "-Lf", work.resolve("snmpd.log").toString(), "-p", work.resolve("snmpd.pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("snmpd.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("SNMP_PERSISTENT_DIR", work.resolve("persist").toString());
            Process p = pb.start();
            Files.writeString(work.resolve("snmpd.bgpid"), p.pid() + "\n");
            ApcPdu pdu = new ApcPdu(work, port, p);
            try {
                pdu.awaitAnswering();
            } catch (RuntimeException e) {
                pdu.close();
                throw e;
            }
            return pdu;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until snmpd is bound to its port and its backend answers (the state file has been written). */
    private void awaitAnswering() {
        boolean up = waitFor(10_000, () -> {
            if (!snmpd.isAlive()) {
                throw new IllegalStateException("snmpd exited with " + snmpd.exitValue() + ": " + log());
            }
            return listening();
        });
        if (!up) {
            throw new IllegalStateException("snmpd did not listen on 127.0.0.1:" + port + " within 10 s: " + log());
        }
    }

    private boolean listening() {
        try {
            new DatagramSocket(port, InetAddress.getLoopbackAddress()).close();
            return false; // we could bind it: nobody else has
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Waits for a condition, polling every 20 ms.
     *
     * @param ms        how long at most
     * @param condition what to wait for
     * @return whether it came true in time
     */
    public static boolean waitFor(long ms, BooleanSupplier condition) {
        return Peers.waitFor(ms, condition);
    }

    /**
     * @return a UDP port on 127.0.0.1 nothing listens on now
     * @throws IOException when no socket can be opened
     */
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

    /** Installs hook-kill.sh as the outlet hook: switching outlet N off SIGKILLs the PID in state/outletN.pid. */
    public void installKillHook() {
        try {
            Path hook = work.resolve("state/hook");
            Files.copy(work.resolve("pdu/hook-kill.sh"), hook);
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a "node" behind an outlet: a {@code sleep 600} whose PID goes to state/outletN.pid.
     *
     * @param outlet the outlet number
     * @return its process
     */
    public Process startNode(int outlet) {
        try {
            Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            nodes.add(p);
            Files.writeString(work.resolve("state/outlet" + outlet + ".pid"), p.pid() + "\n");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return outlet → on, from the backend's state file */
    public Map<Integer, Boolean> outletsOn() {
        try {
            String json = Files.readString(work.resolve("state/outlets.json"));
            Map<Integer, Boolean> m = new TreeMap<>();
            java.util.regex.Matcher x = java.util.regex.Pattern
                    .compile("\"(\\d+)\":\\s*\\{[^}]*\"on\":\\s*(true|false)").matcher(json);
            while (x.find()) {
                m.put(Integer.parseInt(x.group(1)), Boolean.parseBoolean(x.group(2)));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the backend's state file as it is ({"1": {"name": ..., "on": true}, ...}) */
    public String outlets() {
        return read(work.resolve("state/outlets.json"));
    }

    /** @return the kill hook's log ({@link #installKillHook()}): one "time outlet N on|off" line per switch */
    public List<String> hookLog() {
        try {
            Path f = work.resolve("state/hook.log");
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the backend's log: one line per SET and per state change */
    public String pduLog() {
        return read(work.resolve("state/pdu.log"));
    }

    /** @return snmpd's log */
    public String log() {
        return read(work.resolve("snmpd.log")) + read(work.resolve("snmpd.out"));
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

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
        snmpd.destroy();
        try {
            if (!snmpd.waitFor(5, TimeUnit.SECONDS)) {
                snmpd.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Process n : nodes) {
            n.destroyForcibly();
        }
    }

    /**
     * @param pid a process id
     * @return whether it runs (exists and is not a zombie)
     */
    public static boolean running(long pid) {
        return Peers.running(pid);
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
