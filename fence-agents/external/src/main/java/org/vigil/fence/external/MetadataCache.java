package org.vigil.fence.external;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAgentMetadata;

/**
 * The metadata of each agent, read once by running {@code <agent> -o metadata} and kept until the
 * agent's file changes (size or modification time: a package upgrade re-reads it).
 */
final class MetadataCache {
    /** How long {@code -o metadata} may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Entry(long modified, long size, FenceAgentMetadata metadata) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final String type;

    /** @param type the type the metadata carries ({@code external}) */
    MetadataCache(String type) {
        this.type = type;
    }

    /**
     * @param executable     the agent
     * @param agentParameter the adapter's own {@code agent} parameter, listed first
     * @return its metadata
     * @throws AgentException when it cannot be run or prints no metadata
     */
    FenceAgentMetadata get(Path executable, AgentParameter agentParameter) throws AgentException {
        long modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(executable).toMillis();
            size = Files.size(executable);
        } catch (IOException e) {
            throw new AgentException("cannot read fence agent " + executable + ": " + e.getMessage());
        }
        Entry e = entries.get(executable);
        if (e != null && e.modified() == modified && e.size() == size) {
            return e.metadata();
        }
        String name = executable.getFileName().toString();
        AgentRun r = AgentProcess.run(executable, List.of("-o", "metadata"), "", TIMEOUT);
        if (r.timedOut()) {
            throw new AgentException(name + " -o metadata timed out after " + Deadline.seconds(TIMEOUT));
        }
        if (r.exitCode() != 0) {
            String why = StderrSummary.of(r.stderr());
            throw new AgentException(name + " -o metadata failed (exit code " + r.exitCode() + ")"
                    + (why.isEmpty() ? "" : ": " + why));
        }
        FenceAgentMetadata m = MetadataParser.parse(name, r.stdout(), type, agentParameter);
        entries.put(executable, new Entry(modified, size, m));
        return m;
    }

    /** @return how many agents' metadata is kept */
    int size() {
        return entries.size();
    }
}
