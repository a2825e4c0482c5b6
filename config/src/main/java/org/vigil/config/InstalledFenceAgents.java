package org.vigil.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgent;
import org.vigil.api.fence.FenceAgentMetadata;

/**
 * The fence agents installed on this node, by type, to check fence devices' parameters
 * against their metadata. A device's {@code agent} is looked up as the fencing daemon routes it
 * (see fence-agents/README.md): the agent of that type; {@code fence_manual} and
 * {@code fence_ack_manual} → {@code manual}; other {@code fence_*} names → the ClusterLabs agent
 * of that name, through {@code external}, when that agent is installed.
 */
final class InstalledFenceAgents {

    private final Map<String, FenceAgent> byType = new ConcurrentHashMap<>();

    void add(String type, FenceAgent agent) {
        if (type != null && !type.isBlank()) {
            byType.put(type.strip(), agent);
        }
    }

    void remove(String type, FenceAgent agent) {
        if (type != null) {
            byType.remove(type.strip(), agent);
        }
    }

    /**
     * @param agentName a device's {@code agent} attribute
     * @return the metadata to check it against; empty when no such agent is installed here
     */
    Optional<FenceAgentMetadata> metadata(String agentName) {
        String a = agentName == null ? "" : agentName.strip();
        FenceAgent exact = byType.get(a);
        if (exact != null) {
            return Optional.of(exact.metadata());
        }
        if (a.equals("fence_manual") || a.equals("fence_ack_manual")) {
            return Optional.ofNullable(byType.get("manual")).map(FenceAgent::metadata);
        }
        FenceAgent external = byType.get("external");
        if (a.matches("fence_[A-Za-z0-9_]+") && external != null) {
            // the adapter answers with no actions when the named agent is not installed here
            FenceAgentMetadata m = external.metadata(Map.of("agent", a));
            return m.actions().contains(FenceAction.OFF) || m.actions().contains(FenceAction.STATUS)
                ? Optional.of(m) : Optional.empty();
        }
        return Optional.empty();
    }
}
