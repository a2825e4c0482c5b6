package org.vigil.resource.nfs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;

/**
 * What the NFS tests share: a temp directory with a file to export, free ports, nfsserver
 * resources whose ganesha is stopped at the end, and rpcbind stopped again when the agent
 * started it (it was not running before the tests).
 */
final class NfsFixture implements AutoCloseable {

    final Path dir;
    final Path export;
    private final boolean rpcbindWasRunning;
    private final List<ResourceInstance> servers = new ArrayList<>();
    private final NfsServerAgent agent = new NfsServerAgent();

    NfsFixture() throws IOException {
        for (String tool : List.of("ganesha.nfsd", "rpcbind", "rpcinfo", "nfs-ls", "nfs-cp")) {
            assertTrue(Commands.find(tool).isPresent(), tool + " is not installed (packages nfs-ganesha "
                    + "nfs-ganesha-vfs rpcbind libnfs-utils)");
        }
        rpcbindWasRunning = new Commands().run(Deadline.after(Duration.ofSeconds(5)), "rpcinfo", "-p").ok();
        dir = Files.createTempDirectory("vigil-nfs");
        export = Files.createDirectories(dir.resolve("export"));
        Files.writeString(export.resolve("hello.txt"), "hello from vigil\n");
    }

    /** @return a port nobody listens on now */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @return an nfsserver resource on free ports, remembered for clean-up */
    ResourceInstance server(String name, String... kv) throws IOException {
        Map<String, String> m = new HashMap<>();
        m.put("path", export.toString());
        m.put("pseudo", "/web");
        m.put("port", String.valueOf(freePort()));
        m.put("mount_port", String.valueOf(freePort()));
        m.put("bind_address", "127.0.0.1");
        m.put("squash", "no_root_squash");
        m.put("state_dir", dir.resolve("state-" + name).toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        ResourceInstance r = new ResourceInstance(name, "nfsserver", m);
        servers.add(r);
        return r;
    }

    NfsServerAgent agent() {
        return agent;
    }

    @Override
    public void close() throws IOException {
        for (ResourceInstance r : servers) {
            agent.execute(ResourceOperation.STOP, r, Duration.ofSeconds(20));
        }
        if (!rpcbindWasRunning) {
            for (ResourceInstance r : servers) {
                Path pidFile = Path.of(r.parameters().get("state_dir"), "rpcbind.pid");
                if (Files.exists(pidFile)) {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    if (NfsServerAgent.alive(pid, "rpcbind")) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                    }
                }
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
