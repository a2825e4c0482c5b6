package org.vigil.quorum;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vigil.api.config.QuorumSettings;

/**
 * Everything one quorum calculation depends on.
 *
 * @param settings                     the vote rules of the configuration
 * @param nodes                        every configured node with its votes
 * @param members                      node ids of the current membership view
 * @param localNodeId                  this node's id
 * @param viewGeneration               the generation of the current view
 * @param device                       the configured quorum device and its vote now; empty when
 *                                     none is configured
 * @param memory                       what the previous calculation left
 * @param lastManStandingWindowElapsed the membership has not changed for
 *                                     {@code last_man_standing_window}
 */
record QuorumInput(QuorumSettings settings, List<NodeVotes> nodes, Set<Integer> members, int localNodeId,
                   long viewGeneration, Optional<DeviceInput> device, QuorumMemory memory,
                   boolean lastManStandingWindowElapsed) {

    QuorumInput {
        nodes = List.copyOf(nodes);
        members = Set.copyOf(members);
    }
}
