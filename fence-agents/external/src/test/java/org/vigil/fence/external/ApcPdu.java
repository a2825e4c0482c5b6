package org.vigil.fence.external;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real net-snmp {@code snmpd} emulating an APC switched rack PDU (8 outlets, community
 * {@code private} read-write, {@code public} read-only) on 127.0.0.1 and a free UDP port, from
 * shared/peers/apc-pdu (test resources {@code apc-pdu/}), started and stopped with its
 * {@code start.sh}/{@code stop.sh}. Its hook makes switching outlet N off SIGKILL the "node"
 * process whose PID is in {@code state/outletN.pid}.
 */
final class ApcPdu implements AutoCloseable {
    static final String PACKAGE = "snmpd";
    private static final String[] RESOURCES = {"apc_pdu.py", "snmpd.conf", "start.sh", "stop.sh"};

    private final Path root;
    private final Path here;
    private final int port;
    private final List<Process> nodes = new ArrayList<>();
    private final Thread shutdownHook;

    private ApcPdu(Path root, Path here, int port) {
        this.root = root;
        this.here = here;
        this.port = port;
        this.shutdownHook = new Thread(this::stop, "apc-pdu-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** @return a running PDU that answers SNMP */
    static ApcPdu start() {
        IpmiSim.require("snmpd", PACKAGE);
        IpmiSim.require("snmpget", "snmp");
        try {
            Path root = Files.createTempDirectory("vigil-apc-pdu-");
            Path here = root.resolve("peer");
            Path work = root.resolve("work");
            Files.createDirectories(here);
            for (String r : RESOURCES) {
                try (InputStream in = ApcPdu.class.getResourceAsStream("/apc-pdu/" + r)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource apc-pdu/" + r + " missing");
                    }
                    Files.copy(in, here.resolve(r));
                }
            }
            Files.createDirectories(work.resolve("state"));
            Path hook = work.resolve("state/hook");
            Files.writeString(hook, "#!/bin/sh\n# hook OUTLET on|off: off SIGKILLs the outlet's node\n"
                    + "echo \"$(date +%s.%N) $1 $2\" >> " + work.resolve("state/hook.log") + "\n"
                    + "P=" + work.resolve("state") + "/outlet$1.pid\n"
                    + "if [ \"$2\" = off ] && [ -s \"$P\" ]; then kill -KILL \"$(cat \"$P\")\"; fi\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
            int port;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            ApcPdu pdu = new ApcPdu(root, here, port);
            try {
                Process p = new ProcessBuilder("sh", here.resolve("start.sh").toString(), work.toString(),
                        Integer.toString(port)).redirectErrorStream(true)
                        .redirectOutput(root.resolve("start.out").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("start.sh did not finish");
                }
                pdu.awaitAnswering();
            } catch (RuntimeException | InterruptedException e) {
                pdu.close();
                throw new IllegalStateException("snmpd did not start: " + e.getMessage() + "; "
                        + pdu.log(), e);
            }
            return pdu;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until snmpd answers a GET of sysObjectID with the APC rack PDU OID. */
    private void awaitAnswering() throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String last = "";
        while (System.nanoTime() < end) {
            Process p = new ProcessBuilder("snmpget", "-v1", "-c", "public", "-t", "0.3", "-r", "0", "-On",
                    "127.0.0.1:" + port, ".1.3.6.1.2.1.1.2.0").redirectErrorStream(true).start();
            last = new String(p.getInputStream().readAllBytes());
            p.waitFor(5, TimeUnit.SECONDS);
            if (last.contains("1.3.6.1.4.1.318.1.3.4.5")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no SNMP answer on 127.0.0.1:" + port + " within 15 s: " + last);
    }

    int port() {
        return port;
    }

    /**
     * Starts the node plugged into an outlet: a {@code sleep 600} whose PID goes to state/outletN.pid.
     *
     * @param outlet 1..8
     * @return its process
     */
    Process startNode(int outlet) {
        try {
            Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            nodes.add(p);
            Files.writeString(root.resolve("work/state/outlet" + outlet + ".pid"), p.pid() + "\n");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the outlet state file ({"1": {"name": ..., "on": true}, ...}) */
    String outlets() {
        try {
            return Files.readString(root.resolve("work/state/outlets.json"));
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the hook's log: one "time outlet on|off" line per switch */
    List<String> hookLog() {
        try {
            Path f = root.resolve("work/state/hook.log");
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String log() {
        try {
            Path f = root.resolve("work/snmpd.log");
            return Files.exists(f) ? Files.readString(f) : "(no snmpd.log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs anyway
        }
        stop();
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private void stop() {
        // snmpd writes its persistent state while it exits: wait for it before the directory is deleted
        java.util.Optional<ProcessHandle> snmpd = java.util.Optional.empty();
        try {
            Path pidFile = root.resolve("work/snmpd.bgpid");
            if (Files.exists(pidFile)) {
                snmpd = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // nothing to wait for
        }
        try {
            Process p = new ProcessBuilder("sh", here.resolve("stop.sh").toString(), root.resolve("work").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall through to the nodes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Process n : nodes) {
            n.destroyForcibly();
        }
        snmpd.ifPresent(h -> {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }
}
