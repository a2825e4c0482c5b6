package org.vigil.membership;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.NodeDefinition;

/**
 * The embedded Hazelcast member: connections between the nodes and the topic that carries
 * Vigil's messages. Configured in code: TCP-IP join from cluster.conf's nodes only,
 * no multicast, bound to this node's address, under a cluster name derived from the
 * cluster key.
 */
final class HazelcastTransport implements AutoCloseable {

    static final String NODE_ATTRIBUTE = "vigil.node";
    private static final String TOPIC = "vigil.messages";

    private final HazelcastInstance hazelcast;
    private final ITopic<byte[]> topic;
    private final UUID listener;

    private HazelcastTransport(HazelcastInstance hazelcast, ITopic<byte[]> topic, UUID listener) {
        this.hazelcast = hazelcast;
        this.topic = topic;
        this.listener = listener;
    }

    /**
     * Starts the member and joins the others that are up.
     *
     * @param onMessage called with each message's bytes and the address it was published from
     */
    static HazelcastTransport start(ClusterConfiguration cluster, MembershipSettings settings, ClusterKey key,
                                    ClassLoader classLoader, BiConsumer<byte[], String> onMessage) {
        Config config = new Config();
        config.setClassLoader(classLoader);
        config.setClusterName(key.transportClusterName(cluster.name()));
        config.setInstanceName("vigil-" + settings.nodeName());
        config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, settings.nodeName());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.osgi.jsr223.disabled", "true");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.partition.count", "31");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.event.thread.count", "2");
        config.setProperty("hazelcast.io.thread.count", "1");
        config.setProperty("hazelcast.operation.thread.count", "2");
        config.setProperty("hazelcast.operation.generic.thread.count", "1");
        config.setProperty("hazelcast.client.engine.thread.count", "1");
        config.setProperty("hazelcast.integrity-checker.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getSqlConfig().setStatementTimeoutMillis(0);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.bind().getPort()).setPortAutoIncrement(false);
        String host = settings.bind().getAddress().getHostAddress();
        network.getInterfaces().setEnabled(true).addInterface(host);
        network.setPublicAddress(host + ":" + settings.bind().getPort());
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
        for (NodeDefinition node : cluster.nodes()) {
            join.getTcpIpConfig().addMember(node.address() + ":" + node.port().orElse(MembershipSettings.DEFAULT_PORT));
        }

        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        ITopic<byte[]> topic = hz.getTopic(TOPIC);
        UUID id = topic.addMessageListener((Message<byte[]> m) -> {
            Member member = m.getPublishingMember();
            String from = member == null ? "unknown" : member.getAddress().getHost() + ":" + member.getAddress().getPort();
            onMessage.accept(m.getMessageObject(), from);
        });
        return new HazelcastTransport(hz, topic, id);
    }

    void publish(byte[] envelope) {
        topic.publish(envelope);
    }

    /** @return how many Hazelcast members this one sees, itself included */
    int memberCount() {
        return hazelcast.getCluster().getMembers().size();
    }

    @Override
    public void close() {
        try {
            topic.removeMessageListener(listener);
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
        hazelcast.shutdown();
    }
}
