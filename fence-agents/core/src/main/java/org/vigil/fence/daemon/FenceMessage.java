package org.vigil.fence.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vigil.api.fence.FenceOutcome;

/**
 * What fencing daemons tell each other on the topic {@value #TOPIC} (JSON): outcomes (so every
 * member knows who is safely fenced, and keeps the same history), nodes found missing at startup,
 * when the startup check is due (and that it ran), and the lost/fenced sets a joining node asks
 * the others for.
 */
sealed interface FenceMessage {

    /** The messaging topic. */
    String TOPIC = "vigil.fence";

    ObjectMapper JSON = new ObjectMapper();

    /**
     * A fencing outcome: a success or acknowledgement (the node is safe), or a failed round.
     *
     * @param outcome       the outcome
     * @param attempts      rounds tried so far
     * @param needsOperator the round failed because only an operator can fence the node
     */
    record Outcome(FenceOutcome outcome, int attempts, boolean needsOperator) implements FenceMessage {
    }

    /**
     * A node the coordinator found missing post_join_delay after the cluster first became quorate.
     *
     * @param node   the node
     * @param lostAt since when it counts as lost
     */
    record Lost(String node, Instant lostAt) implements FenceMessage {
    }

    /**
     * The startup check (fence the configured nodes that have not joined post_join_delay after the
     * cluster first became quorate): due at {@code due}, or done. The coordinator that schedules it
     * tells every member, so that its successor runs it if it dies first.
     *
     * @param due  when it is due
     * @param done whether it has run
     */
    record StartupCheck(Instant due, boolean done) implements FenceMessage {
    }

    /** A joining node asks what the others track. */
    record StateRequest() implements FenceMessage {
    }

    /**
     * The answer: lost-not-fenced nodes (with the time they were lost) and fenced ones.
     *
     * @param pending by node, when it was lost
     * @param fenced  nodes safely fenced since they were last lost
     * @param history the newest outcomes of the answering node's history, oldest first
     */
    record State(Map<String, Instant> pending, Set<String> fenced, List<FenceOutcome> history) implements FenceMessage {
        public State {
            pending = Map.copyOf(pending);
            fenced = Set.copyOf(fenced);
            history = List.copyOf(history);
        }
    }

    static byte[] encode(FenceMessage m) {
        ObjectNode n = JSON.createObjectNode();
        if (m instanceof Outcome o) {
            n.put("type", "outcome");
            n.set("outcome", FenceHistory.toNode(o.outcome()));
            n.put("attempts", o.attempts());
            n.put("needsOperator", o.needsOperator());
        } else if (m instanceof Lost l) {
            n.put("type", "lost");
            n.put("node", l.node());
            n.put("lostAt", l.lostAt().toString());
        } else if (m instanceof StartupCheck sc) {
            n.put("type", "startup");
            n.put("due", sc.due().toString());
            n.put("done", sc.done());
        } else if (m instanceof StateRequest) {
            n.put("type", "state?");
        } else if (m instanceof State s) {
            n.put("type", "state");
            ObjectNode p = n.putObject("pending");
            new TreeMap<>(s.pending()).forEach((node, at) -> p.put(node, at.toString()));
            ArrayNode f = n.putArray("fenced");
            new TreeSet<>(s.fenced()).forEach(f::add);
            ArrayNode h = n.putArray("history");
            s.history().forEach(o -> h.add(FenceHistory.toNode(o)));
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param payload a message's bytes
     * @return the message
     * @throws IllegalArgumentException when it is not one
     */
    static FenceMessage decode(byte[] payload) {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a fencing message: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a fencing message: not a JSON object");
        }
        String type = n.path("type").asText("");
        switch (type) {
            case "outcome":
                return new Outcome(FenceHistory.fromJson(n.path("outcome")), n.path("attempts").asInt(0),
                    n.path("needsOperator").asBoolean(false));
            case "lost":
                return new Lost(n.path("node").asText(), Instant.parse(n.path("lostAt").asText()));
            case "startup":
                return new StartupCheck(Instant.parse(n.path("due").asText()), n.path("done").asBoolean(false));
            case "state?":
                return new StateRequest();
            case "state":
                Map<String, Instant> pending = new TreeMap<>();
                n.path("pending").fields().forEachRemaining(e -> pending.put(e.getKey(), Instant.parse(e.getValue().asText())));
                Set<String> fenced = new TreeSet<>();
                n.path("fenced").forEach(f -> fenced.add(f.asText()));
                List<FenceOutcome> history = new ArrayList<>();
                n.path("history").forEach(h -> history.add(FenceHistory.fromJson(h)));
                return new State(pending, fenced, history);
            default:
                throw new IllegalArgumentException("unknown fencing message type '" + type + "'");
        }
    }
}
