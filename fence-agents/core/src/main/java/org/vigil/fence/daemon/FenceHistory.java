package org.vigil.fence.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceOutcome;

/**
 * The last {@code limit} fencing outcomes, newest last, also appended to a file (one JSON object
 * a line) so they survive a restart. The file is rewritten with the kept entries when it has
 * grown to twice the limit. A line that cannot be read is skipped with a warning.
 */
final class FenceHistory {

    private static final Logger LOG = LoggerFactory.getLogger(FenceHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int limit;
    private final Path file;
    private final Deque<FenceOutcome> entries = new ArrayDeque<>();
    private int linesInFile;

    /**
     * @param limit how many outcomes are kept
     * @param file  where they are kept; null to keep them in memory only
     */
    FenceHistory(int limit, Path file) {
        this.limit = Math.max(1, limit);
        this.file = file;
        load();
    }

    synchronized List<FenceOutcome> list() {
        return List.copyOf(entries);
    }

    synchronized boolean contains(FenceOutcome outcome) {
        return entries.contains(outcome);
    }

    /**
     * Adds the outcomes not kept yet (learnt from another node), in time order.
     *
     * @return the outcomes that were added
     */
    synchronized List<FenceOutcome> merge(List<FenceOutcome> outcomes) {
        List<FenceOutcome> added = new ArrayList<>();
        for (FenceOutcome o : outcomes) {
            if (!entries.contains(o) && !added.contains(o)) {
                added.add(o);
            }
        }
        if (added.isEmpty()) {
            return added;
        }
        List<FenceOutcome> all = new ArrayList<>(entries);
        all.addAll(added);
        all.sort(java.util.Comparator.comparing(FenceOutcome::finishedAt));
        entries.clear();
        for (FenceOutcome o : all.subList(Math.max(0, all.size() - limit), all.size())) {
            entries.addLast(o);
        }
        if (file != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                rewrite();
            } catch (IOException e) {
                LOG.warn("Cannot write the fencing history to {}: {}", file, e.toString());
            }
        }
        return added;
    }

    synchronized void add(FenceOutcome outcome) {
        entries.addLast(outcome);
        while (entries.size() > limit) {
            entries.removeFirst();
        }
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (linesInFile + 1 >= 2 * limit) {
                rewrite();
            } else {
                try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                    w.write(toJson(outcome));
                    w.write('\n');
                }
                linesInFile++;
            }
        } catch (IOException e) {
            LOG.warn("Cannot write the fencing history to {}: {}", file, e.toString());
        }
    }

    private void rewrite() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (FenceOutcome o : entries) {
                w.write(toJson(o));
                w.write('\n');
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesInFile = entries.size();
    }

    private void load() {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Cannot read the fencing history {}: {}", file, e.toString());
            return;
        }
        List<FenceOutcome> read = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                read.add(fromJson(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Fencing history {} line {} is not a fencing outcome, skipped: {}", file, n, e.getMessage());
            }
        }
        linesInFile = lines.size();
        for (FenceOutcome o : read.subList(Math.max(0, read.size() - limit), read.size())) {
            entries.addLast(o);
        }
    }

    static String toJson(FenceOutcome o) {
        return toNode(o).toString();
    }

    static ObjectNode toNode(FenceOutcome o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("node", o.node());
        n.put("action", o.action().name());
        n.put("success", o.success());
        n.put("device", o.device());
        n.put("by", o.by());
        n.put("finishedAt", o.finishedAt().toString());
        n.put("message", o.message());
        return n;
    }

    static FenceOutcome fromJson(JsonNode n) {
        return new FenceOutcome(text(n, "node"), FenceAction.valueOf(text(n, "action")), n.path("success").asBoolean(),
            text(n, "device"), text(n, "by"), Instant.parse(text(n, "finishedAt")), text(n, "message"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return v.asText();
    }
}
