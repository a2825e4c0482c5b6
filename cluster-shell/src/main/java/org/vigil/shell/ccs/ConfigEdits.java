package org.vigil.shell.ccs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigElement;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.XmlLayout;

/**
 * The edits of the {@code ccs:} commands, as pure functions of the running configuration
 * (the result still carries the running {@code config_version}: the coordinator gives the
 * next one). Refused edits throw {@link IllegalArgumentException} with ccs_tool's sentence.
 */
final class ConfigEdits {

    private ConfigEdits() {
    }

    /**
     * @param c          the running configuration
     * @param name       the new node's name
     * @param votes      its votes
     * @param nodeId     its node id, or empty for the lowest free one
     * @param fence      the fence device of its one method ({@code single}), or null
     * @param fenceArgs  the per-node parameters of that device ({@code port=3})
     * @param address    its cluster address, or null
     * @param port       its cluster port, or null
     * @param file       the file, for messages
     * @return the configuration with the node added (ccs_tool's attribute order: name, votes, nodeid)
     */
    static ClusterConfiguration addNode(ClusterConfiguration c, String name, int votes, OptionalInt nodeId, String fence,
                                        Map<String, String> fenceArgs, String address, Integer port, String file) {
        if (c.nodes().stream().anyMatch(n -> n.name().equalsIgnoreCase(name))) {
            throw new IllegalArgumentException("node " + name + " already exists in " + file);
        }
        if (votes < 0) {
            throw new IllegalArgumentException("argument to v cannot be negative: " + votes);
        }
        int id = nodeId.orElseGet(() -> freeNodeId(c));
        if (id < 1) {
            throw new IllegalArgumentException("argument to n must be 1 or more: " + id);
        }
        if (c.node(id).isPresent()) {
            throw new IllegalArgumentException("nodeid " + id + " already in use");
        }
        if (fence != null && c.fenceDevice(fence).isEmpty()) {
            throw new IllegalArgumentException("fence type '" + fence + "' not known");
        }
        if (fence == null && !fenceArgs.isEmpty()) {
            throw new IllegalArgumentException("fence parameters " + fenceArgs.keySet() + " need a fence device (-f)");
        }
        List<NodeDefinition> nodes = new ArrayList<>(c.nodes());
        nodes.add(new NodeDefinition(name, id, votes, address != null ? address : name,
            port != null ? OptionalInt.of(port) : OptionalInt.empty()));
        Map<String, List<FenceMethod>> methods = new LinkedHashMap<>(c.fenceMethods());
        if (fence != null) {
            methods.put(name, List.of(FenceMethod.of("single", List.of(FenceDeviceRef.of(fence, fenceArgs)))));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        attributes.put("votes", Integer.toString(votes));
        attributes.put("nodeid", Integer.toString(id));
        if (address != null) {
            attributes.put("address", address);
        }
        if (port != null) {
            attributes.put("port", Integer.toString(port));
        }
        Map<String, ConfigElement> layoutNodes = new LinkedHashMap<>(c.layout().nodes());
        layoutNodes.put(name, new ConfigElement("clusternode", attributes, List.of()));
        return with(c, nodes, methods, c.fenceDevices(), layoutNodes);
    }

    static int freeNodeId(ClusterConfiguration c) {
        Set<Integer> used = new TreeSet<>();
        c.nodes().forEach(n -> used.add(n.nodeId()));
        int id = 1;
        while (used.contains(id)) {
            id++;
        }
        return id;
    }

    static ClusterConfiguration delNode(ClusterConfiguration c, String name, String file) {
        if (c.node(name).isEmpty()) {
            throw new IllegalArgumentException("node " + name + " does not exist in " + file);
        }
        List<NodeDefinition> nodes = c.nodes().stream().filter(n -> !n.name().equals(name)).toList();
        Map<String, List<FenceMethod>> methods = new LinkedHashMap<>(c.fenceMethods());
        methods.remove(name);
        Map<String, ConfigElement> layoutNodes = new LinkedHashMap<>(c.layout().nodes());
        layoutNodes.remove(name);
        return with(c, nodes, methods, c.fenceDevices(), layoutNodes);
    }

    static ClusterConfiguration addFence(ClusterConfiguration c, String name, String agent, Map<String, String> parameters) {
        if (c.fenceDevice(name).isPresent()) {
            throw new IllegalArgumentException("fence type " + name + " already exists");
        }
        List<FenceDevice> devices = new ArrayList<>(c.fenceDevices());
        devices.add(FenceDevice.of(name, agent, parameters));
        return with(c, c.nodes(), c.fenceMethods(), devices, c.layout().nodes());
    }

    static ClusterConfiguration delFence(ClusterConfiguration c, String name) {
        if (c.fenceDevice(name).isEmpty()) {
            throw new IllegalArgumentException("fence type " + name + " does not exist");
        }
        List<FenceDevice> devices = c.fenceDevices().stream().filter(d -> !d.name().equals(name)).toList();
        return with(c, c.nodes(), c.fenceMethods(), devices, c.layout().nodes());
    }

    static ClusterConfiguration withVersion(ClusterConfiguration c, long version) {
        return new ClusterConfiguration(c.name(), version, c.nodes(), c.quorum(), c.totem(), c.quorumDisk(),
            c.fenceMethods(), c.fenceDevices(), c.resourceManager(), c.layout());
    }

    private static ClusterConfiguration with(ClusterConfiguration c, List<NodeDefinition> nodes,
                                             Map<String, List<FenceMethod>> methods, List<FenceDevice> devices,
                                             Map<String, ConfigElement> layoutNodes) {
        XmlLayout l = c.layout();
        return new ClusterConfiguration(c.name(), c.configVersion(), nodes, c.quorum(), c.totem(), c.quorumDisk(),
            methods, devices, c.resourceManager(), new XmlLayout(l.clusterAttributes(), l.sections(), layoutNodes));
    }

    /**
     * @param pairs {@code key=value} arguments
     * @return them in order
     */
    static Map<String, String> pairs(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (pairs == null) {
            return out;
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + pair + "' is not opt=value pair");
            }
            String key = pair.substring(0, eq);
            if (key.equals("name") || key.equals("agent")) {
                throw new IllegalArgumentException("Can't use \"" + key + "\" as a fence argument name");
            }
            out.put(key, pair.substring(eq + 1));
        }
        return out;
    }
}
