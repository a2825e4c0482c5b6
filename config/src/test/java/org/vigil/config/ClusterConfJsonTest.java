package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.config.ClusterConfReaderTest.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.api.config.ClusterConfiguration;

class ClusterConfJsonTest {

    private final ClusterConfReader reader = new ClusterConfReader();
    private final ClusterConfJson json = new ClusterConfJson();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theSameModelAsJson() throws Exception {
        ClusterConfiguration c = reader.read(resource("seed001-webservice.conf"));
        JsonNode tree = mapper.readTree(json.toJson(c));
        assertEquals("tcluster", tree.path("name").asText());
        assertEquals(9, tree.path("config_version").asLong());
        assertEquals(3, tree.path("nodes").size());
        assertEquals("meatware", tree.at("/nodes/0/fence/0/devices/0/name").asText());
        assertEquals("fence_manual", tree.at("/fence_devices/0/agent").asText());
        assertEquals("netfs", tree.at("/rm/resources/2/type").asText());
        assertEquals("rw", tree.at("/rm/resources/2/attributes/options").asText());
        assertEquals("webservice", tree.at("/rm/services/0/name").asText());
        assertEquals("restart", tree.at("/rm/services/0/recovery").asText());
        assertTrue(tree.at("/rm/services/0/autostart").asBoolean());
        assertEquals("192.168.41.222", tree.at("/rm/services/0/resources/0/attributes/ref").asText());
        assertEquals(500, tree.at("/totem/token_ms").asLong());
        assertTrue(tree.path("quorum_disk").isMissingNode());
    }

    @Test
    void secretsAreMaskedForDisplayAndKeptForDistribution() throws Exception {
        ClusterConfiguration c = reader.read(resource("pdu-two-levels.conf"));
        String shown = json.toJson(c);
        for (String secret : List.of("calvin", "pr1vate", "/root/ipmi-pass.sh")) {
            assertFalse(shown.contains(secret), secret);
        }
        JsonNode tree = mapper.readTree(shown);
        assertEquals("****", tree.at("/fence_devices/0/parameters/passwd").asText());
        assertEquals("****", tree.at("/fence_devices/1/parameters/passwd_script").asText());
        assertEquals("****", tree.at("/fence_devices/2/parameters/community").asText());
        assertEquals("10.1.0.11", tree.at("/fence_devices/0/parameters/ipaddr").asText());
        assertEquals("logging", tree.at("/other_sections/0/element").asText());
        assertEquals("rgmanager", tree.at("/other_sections/0/children/0/attributes/name").asText());

        JsonNode plain = mapper.readTree(json.toJsonUnmasked(c));
        assertEquals("calvin", plain.at("/fence_devices/0/parameters/passwd").asText());
        assertEquals("pr1vate", plain.at("/fence_devices/3/parameters/community").asText());
    }

    @ParameterizedTest
    @MethodSource("org.vigil.config.RoundTripTest#samples")
    void everySampleHasAJsonForm(String sample) throws Exception {
        ClusterConfiguration c = reader.read(resource(sample));
        JsonNode tree = mapper.readTree(json.toJson(c));
        assertEquals(c.nodes().size(), tree.path("nodes").size());
        assertEquals(c.resourceManager().services().size(), tree.at("/rm/services").size());
    }
}
