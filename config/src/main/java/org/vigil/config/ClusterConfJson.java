package org.vigil.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigElement;
import org.vigil.api.config.FailoverDomain;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.Secrets;
import org.vigil.api.config.ServiceDefinition;

/**
 * The JSON form of a {@link ClusterConfiguration}, for {@code --json} output and tools. The
 * display form ({@link #toJson}) shows every secret as {@value Secrets#MASK}; the unmasked
 * form ({@link #toJsonUnmasked}) is for the configuration's own distribution between nodes
 * only, never for display. Keys are snake_case, as in cluster.conf.
 */
public final class ClusterConfJson {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param config a configuration
     * @return its JSON form, secrets masked
     */
    public String toJson(ClusterConfiguration config) {
        return text(tree(config, true));
    }

    /** @return the JSON form with secrets in clear: for distribution between nodes only */
    String toJsonUnmasked(ClusterConfiguration config) {
        return text(tree(config, false));
    }

    /**
     * @param config a configuration
     * @param mask   whether to show secrets as {@value Secrets#MASK}
     * @return its JSON form as a tree
     */
    ObjectNode tree(ClusterConfiguration config, boolean mask) {
        ObjectNode root = mapper.createObjectNode();
        root.put("name", config.name());
        root.put("config_version", config.configVersion());
        ArrayNode nodes = root.putArray("nodes");
        for (NodeDefinition n : config.nodes()) {
            ObjectNode node = nodes.addObject();
            node.put("name", n.name());
            node.put("nodeid", n.nodeId());
            node.put("votes", n.votes());
            node.put("address", n.address());
            n.port().ifPresent(p -> node.put("port", p));
            ArrayNode fence = node.putArray("fence");
            for (FenceMethod m : config.fenceMethods(n.name())) {
                ObjectNode method = fence.addObject();
                method.put("method", m.name());
                ArrayNode devices = method.putArray("devices");
                m.devices().forEach(d -> {
                    ObjectNode device = devices.addObject();
                    device.put("name", d.name());
                    map(device.putObject("parameters"), d.parameters(), mask);
                });
            }
        }
        QuorumSettings q = config.quorum();
        ObjectNode quorum = root.putObject("quorum");
        q.expectedVotes().ifPresent(v -> quorum.put("expected_votes", v));
        quorum.put("two_node", q.twoNode());
        quorum.put("wait_for_all", q.waitForAll());
        quorum.put("last_man_standing", q.lastManStanding());
        quorum.put("last_man_standing_window_ms", q.lastManStandingWindow().toMillis());
        quorum.put("auto_tie_breaker", q.autoTieBreaker());
        ArrayNode tieBreakers = quorum.putArray("auto_tie_breaker_nodes");
        q.tieBreakerNodes().forEach(tieBreakers::add);
        quorum.put("auto_tie_breaker_highest", q.tieBreakerHighest());
        root.putObject("totem").put("token_ms", config.totem().token().toMillis());
        if (config.quorumDisk().isPresent()) {
            QuorumDiskSettings d = config.quorumDisk().get();
            ObjectNode disk = root.putObject("quorum_disk");
            disk.put("device", d.device());
            disk.put("label", d.label());
            disk.put("votes", d.votes());
            disk.put("interval_s", d.interval().toSeconds());
            disk.put("tko", d.tko());
        }
        ArrayNode devices = root.putArray("fence_devices");
        for (FenceDevice d : config.fenceDevices()) {
            ObjectNode device = devices.addObject();
            device.put("name", d.name());
            device.put("agent", d.agent());
            map(device.putObject("parameters"), d.parameters(), mask);
        }
        ObjectNode rm = root.putObject("rm");
        map(rm.putObject("attributes"), config.resourceManager().attributes(), mask);
        ArrayNode domains = rm.putArray("failover_domains");
        for (FailoverDomain d : config.resourceManager().failoverDomains()) {
            ObjectNode domain = domains.addObject();
            domain.put("name", d.name());
            domain.put("ordered", d.ordered());
            domain.put("restricted", d.restricted());
            domain.put("nofailback", d.noFailback());
            ArrayNode members = domain.putArray("nodes");
            d.nodes().forEach(n -> {
                ObjectNode member = members.addObject().put("name", n.name());
                n.priority().ifPresent(p -> member.put("priority", p));
            });
        }
        resources(rm.putArray("resources"), config.resourceManager().resources(), mask);
        ArrayNode services = rm.putArray("services");
        for (ServiceDefinition s : config.resourceManager().services()) {
            ObjectNode service = services.addObject();
            service.put("name", s.name());
            s.domain().ifPresent(d -> service.put("domain", d));
            service.put("autostart", s.autostart());
            service.put("exclusive", s.exclusive());
            service.put("recovery", s.recovery());
            s.maxRestarts().ifPresent(v -> service.put("max_restarts", v));
            s.restartExpireTime().ifPresent(v -> service.put("restart_expire_time_s", v.toSeconds()));
            map(service.putObject("attributes"), s.attributes(), mask);
            resources(service.putArray("resources"), s.resources(), mask);
        }
        ArrayNode other = root.putArray("other_sections");
        config.layout().sections().stream()
            .filter(s -> !List.of("cman", "totem", "quorumd", "clusternodes", "fencedevices", "rm").contains(s.name()))
            .forEach(s -> element(other.addObject(), s, mask));
        return root;
    }

    private static void resources(ArrayNode array, List<ResourceDefinition> resources, boolean mask) {
        for (ResourceDefinition r : resources) {
            ObjectNode resource = array.addObject();
            resource.put("type", r.type());
            map(resource.putObject("attributes"), r.attributes(), mask);
            if (!r.children().isEmpty()) {
                resources(resource.putArray("children"), r.children(), mask);
            }
        }
    }

    private static void element(ObjectNode node, ConfigElement e, boolean mask) {
        node.put("element", e.name());
        map(node.putObject("attributes"), e.attributes(), mask);
        if (!e.children().isEmpty()) {
            ArrayNode children = node.putArray("children");
            e.children().forEach(c -> element(children.addObject(), c, mask));
        }
    }

    private static void map(ObjectNode node, Map<String, String> values, boolean mask) {
        (mask ? Secrets.masked(values) : values).forEach(node::put);
    }

    private String text(ObjectNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
