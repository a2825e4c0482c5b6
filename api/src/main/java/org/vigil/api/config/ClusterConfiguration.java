package org.vigil.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster configuration as read from {@code cluster.conf}: the whole document. Its
 * {@link #toString()} masks secrets (fence passwords, see {@link Secrets}).
 *
 * @param name            the cluster name ({@code <cluster name>})
 * @param configVersion   {@code config_version}
 * @param nodes           the nodes, in file order
 * @param quorum          the vote rules
 * @param totem           failure detector timing
 * @param quorumDisk      the quorum disk, if one is configured
 * @param fenceMethods    by node name, in node order: each node's fence methods (levels), in
 *                        order; a node without methods may be left out
 * @param fenceDevices    the fence devices of {@code <fencedevices>}, in order
 * @param resourceManager the {@code <rm>} section: failover domains, resources, services
 * @param layout          how the document was written, so that it is written back the same
 *                        (unknown sections and attributes); {@link XmlLayout#none()} for a
 *                        configuration made in code
 */
public record ClusterConfiguration(String name, long configVersion, List<NodeDefinition> nodes,
                                   QuorumSettings quorum, TotemSettings totem, Optional<QuorumDiskSettings> quorumDisk,
                                   Map<String, List<FenceMethod>> fenceMethods, List<FenceDevice> fenceDevices,
                                   ResourceManager resourceManager, XmlLayout layout) {

    /** Copies the lists and maps (keeping the order of the fence methods). */
    public ClusterConfiguration {
        nodes = List.copyOf(nodes);
        Map<String, List<FenceMethod>> methods = new LinkedHashMap<>();
        fenceMethods.forEach((node, list) -> methods.put(node, List.copyOf(list)));
        fenceMethods = Collections.unmodifiableMap(methods);
        fenceDevices = List.copyOf(fenceDevices);
    }

    /**
     * A configuration of nodes and votes only: no fencing, no resource manager, no layout.
     *
     * @param name          the cluster name
     * @param configVersion {@code config_version}
     * @param nodes         the nodes, in file order
     * @param quorum        the vote rules
     * @param totem         failure detector timing
     * @param quorumDisk    the quorum disk, if one is configured
     */
    public ClusterConfiguration(String name, long configVersion, List<NodeDefinition> nodes, QuorumSettings quorum,
                                TotemSettings totem, Optional<QuorumDiskSettings> quorumDisk) {
        this(name, configVersion, nodes, quorum, totem, quorumDisk, Map.of(), List.of(), ResourceManager.empty(),
            XmlLayout.none());
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

    /**
     * @param nodeName a node name
     * @return that node's fence methods (levels) in order; empty when it has none
     */
    public List<FenceMethod> fenceMethods(String nodeName) {
        return fenceMethods.getOrDefault(nodeName, List.of());
    }

    /**
     * @param deviceName a fence device name
     * @return the fence device of that name
     */
    public Optional<FenceDevice> fenceDevice(String deviceName) {
        return fenceDevices.stream().filter(d -> d.name().equals(deviceName)).findFirst();
    }
}
