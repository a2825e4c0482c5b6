package org.vigil.resource.nfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;

/**
 * A private mount namespace held open by a {@code sleep} started with {@code unshare -m}:
 * mounts made in it are invisible to the machine and vanish when it is closed (the sleeper
 * is killed by PID).
 */
final class MountNamespace implements AutoCloseable {

    private final Process holder;

    MountNamespace() throws IOException, InterruptedException {
        holder = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sleep", "600")
                .redirectErrorStream(true).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // unshare execs sleep once the namespace exists: wait for that
        while (!Files.readString(Path.of("/proc/" + holder.pid() + "/comm"), StandardCharsets.UTF_8).strip()
                .equals("sleep")) {
            if (System.nanoTime() > end || !holder.isAlive()) {
                close();
                throw new IOException("unshare -m did not start: " + new String(holder.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            Thread.sleep(10);
        }
    }

    /** @return commands that run inside the namespace */
    Commands commands() {
        return new Commands(List.of("nsenter", "-t", String.valueOf(holder.pid()), "-m"));
    }

    /** @return the namespace's mount table */
    Path mounts() {
        return Path.of("/proc/" + holder.pid() + "/mounts");
    }

    /** Runs a command inside the namespace, failing when it fails. */
    String sh(String... cmd) throws IOException, InterruptedException {
        Commands.Result r = commands().run(Deadline.after(java.time.Duration.ofSeconds(20)), cmd);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + r.said());
        }
        return r.stdout();
    }

    /** Starts a process inside the namespace (the caller kills it). */
    Process spawn(String... cmd) throws IOException {
        List<String> full = new java.util.ArrayList<>(List.of("nsenter", "-t", String.valueOf(holder.pid()), "-m"));
        full.addAll(List.of(cmd));
        return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Override
    public void close() {
        holder.destroyForcibly();
        try {
            holder.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
