package org.vigil.fence.testpeers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the peers share: finding programs, copying their files out of the jar, process and port checks. */
final class Peers {

    private Peers() {
    }

    static Path require(String executable, String pkg) {
        Optional<Path> found = which(executable);
        if (found.isEmpty()) {
            throw new IllegalStateException(executable + " not found on PATH: these tests need the Debian package '"
                    + pkg + "' (apt-get install -y " + pkg + ")");
        }
        return found.get();
    }

    static Optional<Path> which(String executable) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            Path p = Path.of(dir, executable);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Copies a peer's files from the class path (a directory or this jar) to a directory; scripts
     * ({@code .sh}, {@code .py}) are made executable, since a jar keeps no file modes.
     *
     * @param folder the resource folder ({@code ipmi-sim}, {@code apc-pdu})
     * @param names  the files in it
     * @param to     the directory to copy them to
     * @throws IOException when one cannot be written
     */
    static void copyResources(String folder, String[] names, Path to) throws IOException {
        for (String r : names) {
            try (InputStream in = Peers.class.getResourceAsStream("/" + folder + "/" + r)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + folder + "/" + r + " missing (vigil-fence-test-peers)");
                }
                Files.copy(in, to.resolve(r));
            }
            if (r.endsWith(".sh") || r.endsWith(".py")) {
                Files.setPosixFilePermissions(to.resolve(r), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    static boolean running(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException e) {
            return false;
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean waitFor(long ms, BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(20);
        }
        return condition.getAsBoolean();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
