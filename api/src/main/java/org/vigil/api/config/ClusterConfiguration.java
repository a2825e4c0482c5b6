package org.vigil.api.config;

import java.util.List;
import java.util.Optional;

/**
 * The cluster configuration as read from {@code cluster.conf}.
 *
 * @param name          the cluster name ({@code <cluster name>})
 * @param configVersion {@code config_version}
 * @param nodes         the nodes, in file order
 * @param quorum        the vote rules
 * @param totem         failure detector timing
 * @param quorumDisk    the quorum disk, if one is configured
 */
public record ClusterConfiguration(String name, long configVersion, List<NodeDefinition> nodes,
                                   QuorumSettings quorum, TotemSettings totem, Optional<QuorumDiskSettings> quorumDisk) {

    /** Copies the node list. */
    public ClusterConfiguration {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param nodeName a node name
     * @return the node of that name, if configured
     */
    public Optional<NodeDefinition> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /**
     * @param nodeId a node id
     * @return the node with that id, if configured
     */
    public Optional<NodeDefinition> node(int nodeId) {
        return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst();
    }
}
