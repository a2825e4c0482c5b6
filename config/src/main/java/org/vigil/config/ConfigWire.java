package org.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigUpdateResult;

/**
 * The configuration's messages between nodes, as JSON: {@code propose} (to the coordinator),
 * {@code install} (from the coordinator to each member), {@code state} and {@code fetch} (a
 * node catching up asks the coordinator). Documents travel in clear (messages are
 * authenticated with the cluster key by the messaging layer) and are never logged.
 */
final class ConfigWire {

    static final ObjectMapper JSON = new ObjectMapper();

    private ConfigWire() {
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode parse(byte[] payload) throws IOException {
        JsonNode node = JSON.readTree(payload);
        if (!(node instanceof ObjectNode o)) {
            throw new IOException("not a JSON object");
        }
        return o;
    }

    static ObjectNode op(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    static byte[] propose(Proposal p) {
        ObjectNode o = op("propose");
        o.put("kind", p.kind().name()).put("document", p.document()).put("base", p.base()).put("target", p.target())
            .put("change", p.change()).put("origin", p.origin());
        return bytes(o);
    }

    static Proposal proposal(JsonNode o) {
        return new Proposal(Proposal.Kind.valueOf(o.path("kind").asText()), o.path("document").asText(""),
            o.path("base").asLong(), o.path("target").asLong(), o.path("change").asText(""), o.path("origin").asText(""));
    }

    static ObjectNode entry(ConfigFiles.Entry e) {
        return JSON.createObjectNode().put("version", e.version()).put("time", e.time().toString())
            .put("node", e.node()).put("change", e.change());
    }

    static ConfigFiles.Entry entry(JsonNode o) {
        return new ConfigFiles.Entry(o.path("version").asLong(), Instant.parse(o.path("time").asText()),
            o.path("node").asText("-"), o.path("change").asText(""));
    }

    static ArrayNode entries(List<ConfigFiles.Entry> entries) {
        ArrayNode a = JSON.createArrayNode();
        entries.forEach(e -> a.add(entry(e)));
        return a;
    }

    static List<ConfigFiles.Entry> entries(JsonNode a) {
        List<ConfigFiles.Entry> out = new ArrayList<>();
        a.forEach(e -> out.add(entry(e)));
        return out;
    }

    static byte[] result(ConfigUpdateResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("accepted", r.accepted()).put("version", r.version()).put("reason", r.reason()).put("localOnly", r.localOnly());
        ArrayNode problems = o.putArray("problems");
        r.problems().forEach(p -> problems.addObject().put("file", p.file()).put("line", p.line())
            .put("element", p.element()).put("reason", p.reason()));
        ArrayNode applied = o.putArray("applied");
        r.applied().forEach(applied::add);
        ObjectNode failed = o.putObject("failed");
        r.failed().forEach(failed::put);
        return bytes(o);
    }

    static ConfigUpdateResult result(JsonNode o) {
        List<ConfigProblem> problems = new ArrayList<>();
        o.path("problems").forEach(p -> problems.add(new ConfigProblem(p.path("file").asText(), p.path("line").asInt(),
            p.path("element").asText(), p.path("reason").asText())));
        List<String> applied = new ArrayList<>();
        o.path("applied").forEach(a -> applied.add(a.asText()));
        Map<String, String> failed = new LinkedHashMap<>();
        o.path("failed").fields().forEachRemaining(f -> failed.put(f.getKey(), f.getValue().asText()));
        return new ConfigUpdateResult(o.path("accepted").asBoolean(), o.path("version").asLong(),
            o.path("reason").asText(), problems, applied, failed, o.path("localOnly").asBoolean());
    }
}
