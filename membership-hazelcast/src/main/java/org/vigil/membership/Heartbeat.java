package org.vigil.membership;

import java.util.List;
import java.util.Set;

/**
 * One heartbeat datagram's content.
 *
 * @param clusterName  the sender's cluster name
 * @param nodeName     the sender's node name
 * @param nodeId       the sender's node id
 * @param incarnation  random per process start
 * @param startedAt    the sender process's start (epoch ms): orders members by age
 * @param sequence     grows by one per heartbeat of this incarnation
 * @param leaving      the sender is shutting down cleanly
 * @param viewGeneration the generation of the sender's installed view
 * @param viewMembers  node ids of the sender's installed view, oldest first
 * @param alive        node ids the sender hears now (itself included)
 */
record Heartbeat(String clusterName, String nodeName, int nodeId, long incarnation, long startedAt, long sequence,
                 boolean leaving, long viewGeneration, List<Integer> viewMembers, Set<Integer> alive) {

    Heartbeat {
        viewMembers = List.copyOf(viewMembers);
        alive = Set.copyOf(alive);
    }
}
