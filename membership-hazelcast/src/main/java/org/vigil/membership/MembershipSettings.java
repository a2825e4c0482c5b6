package org.vigil.membership;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.NodeDefinition;

/**
 * This node's own settings, from {@code etc/org.vigil.membership.cfg}, checked against
 * {@code cluster.conf}.
 *
 * @param nodeName this node's name in cluster.conf ({@code node.name})
 * @param bind     where this node listens ({@code bind.address}, {@code port}): TCP for the
 *                 transport, UDP for heartbeats, the same port number
 * @param keyFile  the cluster key ({@code cluster.key.file})
 */
record MembershipSettings(String nodeName, InetSocketAddress bind, Path keyFile) {

    static final int DEFAULT_PORT = 7101;
    static final String PID = "org.vigil.membership";

    /**
     * Reads the settings.
     *
     * @throws IllegalStateException with a sentence for people when they are wrong
     */
    static MembershipSettings from(Map<String, ?> properties, ClusterConfiguration config) {
        String name = text(properties, "node.name").orElseThrow(() -> new IllegalStateException(
            "node.name is not set in etc/" + PID + ".cfg: say which clusternode of cluster.conf this is"));
        NodeDefinition node = config.node(name).orElseThrow(() -> new IllegalStateException(
            "node.name '" + name + "' (etc/" + PID + ".cfg) is not a clusternode of cluster '" + config.name()
                + "' in cluster.conf; the configured nodes are " + config.nodes().stream().map(NodeDefinition::name).toList()));
        int port;
        Optional<String> portText = text(properties, "port");
        if (portText.isPresent()) {
            try {
                port = Integer.parseInt(portText.get());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("port '" + portText.get() + "' in etc/" + PID + ".cfg is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalStateException("port " + port + " in etc/" + PID + ".cfg is out of range 1-65535");
            }
            if (node.port().isPresent() && node.port().getAsInt() != port) {
                throw new IllegalStateException("port " + port + " in etc/" + PID + ".cfg differs from port "
                    + node.port().getAsInt() + " of clusternode '" + name + "' in cluster.conf");
            }
        } else {
            port = node.port().orElse(DEFAULT_PORT);
        }
        String host = text(properties, "bind.address").orElse(node.address());
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bind address '" + host + "' of node '" + name + "' does not resolve");
        }
        String key = text(properties, "cluster.key.file")
            .orElse(System.getProperty("karaf.etc", "etc") + "/authkey");
        return new MembershipSettings(name, new InetSocketAddress(address, port), Path.of(key));
    }

    private static Optional<String> text(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }
}
