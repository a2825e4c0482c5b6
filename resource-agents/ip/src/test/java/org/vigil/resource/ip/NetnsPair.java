package org.vigil.resource.ip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vigil.resource.support.Commands;

/**
 * Two network namespaces joined by a veth pair ({@code va} in A, {@code vb} in B), with
 * 198.18.N.1/24 + 2001:2:0:N::1/64 on A and .2 / ::2 on B, no default route: nothing
 * leaves the machine. Closing deletes both namespaces.
 */
final class NetnsPair implements AutoCloseable {

    final String a;
    final String b;
    final int net;

    /** @param tag distinguishes concurrent pairs; N is derived from it and the process id */
    NetnsPair(String tag, int net) throws Exception {
        long pid = ProcessHandle.current().pid();
        this.a = "vigil-ip-" + pid % 100000 + "-" + tag + "a";
        this.b = "vigil-ip-" + pid % 100000 + "-" + tag + "b";
        this.net = net;
        close();
        try {
            sh("ip", "netns", "add", a);
            sh("ip", "netns", "add", b);
            sh("ip", "link", "add", "va", "netns", a, "type", "veth", "peer", "name", "vb", "netns", b);
            for (String[] side : new String[][] {{a, "va", "1"}, {b, "vb", "2"}}) {
                sh("ip", "-n", side[0], "link", "set", "lo", "up");
                sh("ip", "-n", side[0], "addr", "add", v4(Integer.parseInt(side[2])) + "/24", "dev", side[1]);
                sh("ip", "-n", side[0], "-6", "addr", "add", v6(side[2]) + "/64", "dev", side[1], "nodad");
                sh("ip", "-n", side[0], "link", "set", side[1], "up");
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** @return 198.18.N.host */
    String v4(int host) {
        return "198.18." + net + "." + host;
    }

    /** @return 2001:2:0:N::host (RFC 5180 benchmarking range) */
    String v6(String host) {
        return "2001:2:0:" + net + "::" + host;
    }

    /** @return commands that run inside namespace A, as the agent runs its own */
    Commands inA() {
        return new Commands(List.of("ip", "netns", "exec", a));
    }

    /** Runs a command, failing the test when it fails. */
    static String sh(String... cmd) throws IOException, InterruptedException {
        Out o = run(cmd);
        if (o.code != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + o.code + "): " + o.text);
        }
        return o.text;
    }

    /** A command's exit code and merged output. */
    record Out(int code, String text) {
    }

    /** Runs a command with a 20 s limit. */
    static Out run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " hung");
        }
        return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        try {
            deleteNamespaces();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting namespaces " + a + ", " + b, e);
        }
    }

    private void deleteNamespaces() throws IOException, InterruptedException {
        List<String> failed = new ArrayList<>();
        for (String ns : List.of(a, b)) {
            if (run("ip", "netns", "list").text.lines().anyMatch(l -> l.split(" ")[0].equals(ns))) {
                Out o = run("ip", "netns", "del", ns);
                if (o.code != 0) {
                    failed.add(ns + ": " + o.text);
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new IOException("could not delete namespaces " + failed);
        }
    }
}
