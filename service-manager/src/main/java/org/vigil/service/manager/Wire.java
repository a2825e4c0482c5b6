package org.vigil.service.manager;

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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.api.service.ServiceDecision;
import org.vigil.api.service.ServiceState;
import org.vigil.service.policy.NodeReport;
import org.vigil.service.policy.ReportedService;
import org.vigil.service.policy.ReportedState;
import org.vigil.service.policy.ServiceEntry;
import org.vigil.service.policy.ServiceTable;

/**
 * The service manager's messages between nodes, as JSON on topic {@value #TOPIC}; the field
 * {@code type} says which: {@code report} (a node's services, to the coordinator), {@code ask} (the
 * coordinator asks a member for its report), {@code action} (the coordinator asks a node to start or
 * stop a service; the reply is the outcome and the node's report), {@code request} (an operator's
 * verb, to the coordinator; the reply is the outcome) and {@code table} (the coordinator's service
 * table and its last decisions, to every member).
 */
final class Wire {

    /** The messaging topic of the service manager. */
    static final String TOPIC = "vigil.service";

    static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {
    }

    static ObjectNode message(String type) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type);
        return o;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a service manager message", e);
        }
    }

    static ObjectNode parse(byte[] payload) throws IOException {
        JsonNode node = JSON.readTree(payload);
        if (!(node instanceof ObjectNode o)) {
            throw new IOException("a service manager message must be a JSON object");
        }
        return o;
    }

    /** A report with its sequence number (newer reports of a node have higher numbers). */
    record SequencedReport(long seq, NodeReport report) {
    }

    static ObjectNode report(String type, long seq, NodeReport r) {
        ObjectNode o = message(type);
        o.put("node", r.node());
        o.put("seq", seq);
        ObjectNode services = o.putObject("services");
        r.services().forEach((name, s) -> {
            ObjectNode so = services.putObject(name);
            so.put("state", s.state().name());
            ArrayNode restarts = so.putArray("restarts");
            s.restarts().forEach(t -> restarts.add(t.toEpochMilli()));
        });
        return o;
    }

    static SequencedReport report(JsonNode o) throws IOException {
        String node = text(o, "node");
        Map<String, ReportedService> services = new LinkedHashMap<>();
        var it = o.path("services").fields();
        while (it.hasNext()) {
            var e = it.next();
            List<Instant> restarts = new ArrayList<>();
            e.getValue().path("restarts").forEach(t -> restarts.add(Instant.ofEpochMilli(t.asLong())));
            services.put(e.getKey(), new ReportedService(ReportedState.valueOf(text(e.getValue(), "state")), restarts));
        }
        return new SequencedReport(o.path("seq").asLong(), new NodeReport(node, services));
    }

    /** The table as the coordinator broadcasts it. */
    record TableMessage(long seq, String coordinator, ServiceTable table, Map<String, Instant> since,
                        List<ServiceDecision> decisions) {
    }

    static ObjectNode table(TableMessage t) {
        ObjectNode o = message("table");
        o.put("seq", t.seq());
        o.put("coordinator", t.coordinator());
        o.put("locked", t.table().locked());
        ArrayNode members = o.putArray("members");
        t.table().members().forEach(members::add);
        ArrayNode services = o.putArray("services");
        for (ServiceEntry e : t.table().services().values()) {
            ObjectNode so = services.addObject();
            so.put("name", e.name());
            so.put("state", e.state().name());
            e.owner().ifPresent(v -> so.put("owner", v));
            e.lastOwner().ifPresent(v -> so.put("lastOwner", v));
            so.put("frozen", e.frozen());
            so.put("disabled", e.disabled());
            so.put("operatorStopped", e.operatorStopped());
            ArrayNode restarts = so.putArray("restarts");
            e.restarts().forEach(x -> restarts.add(x.toEpochMilli()));
            ArrayNode failed = so.putArray("failedStarts");
            e.failedStarts().forEach(failed::add);
            so.put("reason", e.reason());
            Instant since = t.since().get(e.name());
            if (since != null) {
                so.put("since", since.toEpochMilli());
            }
        }
        ArrayNode decisions = o.putArray("decisions");
        for (ServiceDecision d : t.decisions()) {
            ObjectNode d0 = decisions.addObject();
            d0.put("at", d.at().toEpochMilli());
            d0.put("service", d.service());
            d0.put("action", d.action());
            d0.put("reason", d.reason());
        }
        return o;
    }

    static TableMessage table(JsonNode o) throws IOException {
        Set<String> members = new TreeSet<>();
        o.path("members").forEach(m -> members.add(m.asText()));
        Map<String, ServiceEntry> entries = new LinkedHashMap<>();
        Map<String, Instant> since = new LinkedHashMap<>();
        for (JsonNode s : o.path("services")) {
            List<Instant> restarts = new ArrayList<>();
            s.path("restarts").forEach(x -> restarts.add(Instant.ofEpochMilli(x.asLong())));
            Set<String> failed = new TreeSet<>();
            s.path("failedStarts").forEach(x -> failed.add(x.asText()));
            String name = text(s, "name");
            entries.put(name, new ServiceEntry(name, ServiceState.valueOf(text(s, "state")), optional(s, "owner"),
                optional(s, "lastOwner"), s.path("frozen").asBoolean(), s.path("disabled").asBoolean(),
                s.path("operatorStopped").asBoolean(), restarts, failed, s.path("reason").asText("")));
            if (s.has("since")) {
                since.put(name, Instant.ofEpochMilli(s.path("since").asLong()));
            }
        }
        List<ServiceDecision> decisions = new ArrayList<>();
        for (JsonNode d : o.path("decisions")) {
            decisions.add(new ServiceDecision(Instant.ofEpochMilli(d.path("at").asLong()), d.path("service").asText(),
                d.path("action").asText(), d.path("reason").asText()));
        }
        return new TableMessage(o.path("seq").asLong(), o.path("coordinator").asText(""),
            new ServiceTable(o.path("locked").asBoolean(), members, entries), since, decisions);
    }

    static Optional<String> optional(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    static String text(JsonNode o, String field) throws IOException {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("service manager message without '" + field + "'");
        }
        return v.asText();
    }
}
