package org.vigil.membership;

import java.time.Instant;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.membership.NodeState;

/** What the failure detector knows of one configured peer. Guarded by the engine's lock. */
final class PeerRecord {

    final NodeDefinition node;
    long incarnation;
    long startedAt;
    long lastSequence = -1;
    /** System.nanoTime() of the last accepted heartbeat; Long.MIN_VALUE when never heard. */
    long lastHeardNanos = Long.MIN_VALUE;
    /** System.nanoTime() when its port was found closed (ICMP port unreachable) after the last heartbeat. */
    long unreachableNanos = Long.MIN_VALUE;
    boolean leaving;
    Heartbeat last;
    /** The host the last heartbeat came from (its port is an ephemeral sending port). */
    String lastAddress = "";
    NodeState state = NodeState.DEAD;
    Instant since;
    String reason = "never heard from";

    PeerRecord(NodeDefinition node) {
        this.node = node;
    }

    boolean isAlive(long now, long tokenNanos) {
        return last != null
            && !leaving
            && now - lastHeardNanos <= tokenNanos
            && unreachableNanos < lastHeardNanos;
    }

    /** Why the peer is not alive now, for people. */
    String deathReason(long now) {
        if (last == null) {
            return reason;
        }
        if (leaving) {
            return "left the cluster";
        }
        if (unreachableNanos >= lastHeardNanos) {
            return "its process is gone (port closed)";
        }
        return "no heartbeat for " + (now - lastHeardNanos) / 1_000_000 + " ms";
    }
}
