package org.vigil.itests.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's {@code data/log/karaf.log}: read it, wait for a line, find the membership view
 * changes with their time stamps.
 *
 * <p>Karaf's layout starts each line with an ISO 8601 local time stamp with milliseconds
 * ({@code 2025-11-23T06:36:01,123 | INFO | ...}) and writes each event on one line (line
 * breaks inside a message are encoded as {@code \n}). A {@link #mark()} is a byte offset:
 * take one before an action, then look only at what was logged after it.
 */
public final class KarafLog {

    private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2})[,.](\\d{3})");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** {@code View 4: members [node1(1), node2(2)] (coordinator node1(1)); left node3(3) (...)} */
    private static final Pattern VIEW = Pattern.compile("View (\\d+): members \\[([^\\]]*)\\]");

    private final Path file;

    /** @param file the log file (it need not exist yet) */
    public KarafLog(Path file) {
        this.file = file;
    }

    /** @return the log file */
    public Path file() {
        return file;
    }

    /** @return the current end of the log, to read only what comes after */
    public long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return the whole log ("" if it does not exist yet) */
    public String text() {
        return textSince(0);
    }

    /** @return what was logged after {@code mark} */
    public String textSince(long mark) {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = mark > length ? 0 : mark; // rolled over: read the new file from the start
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the lines logged after {@code mark} */
    public List<String> linesSince(long mark) {
        String text = textSince(mark);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\r?\n"));
    }

    /** @return the first line after {@code mark} that contains {@code pattern}'s match */
    public Optional<String> find(long mark, Pattern pattern) {
        return linesSince(mark).stream().filter(l -> pattern.matcher(l).find()).findFirst();
    }

    /** @return every line after {@code mark} that matches {@code pattern} */
    public List<String> findAll(long mark, Pattern pattern) {
        return linesSince(mark).stream().filter(l -> pattern.matcher(l).find()).toList();
    }

    /**
     * Waits for a line matching {@code pattern} logged after {@code mark}.
     *
     * @return the line
     */
    public String await(long mark, Pattern pattern, Duration timeout) {
        return Await.until("a line matching /" + pattern + "/ in " + file, timeout,
            () -> find(mark, pattern), Optional::isPresent).orElseThrow();
    }

    /** @return the last {@code n} lines, for failure reports */
    public String tail(int n) {
        List<String> lines = linesSince(0);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** @return the view changes logged after {@code mark}, oldest first */
    public List<ViewLine> views(long mark) {
        List<ViewLine> out = new ArrayList<>();
        for (String line : linesSince(mark)) {
            parseView(line).ifPresent(out::add);
        }
        return out;
    }

    /** @return the time stamp at the start of a log line, read in this machine's time zone */
    public static Optional<Instant> timestamp(String line) {
        Matcher m = STAMP.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        LocalDateTime t = LocalDateTime.parse(m.group(1) + " " + m.group(2) + "." + m.group(3), LOCAL);
        return Optional.of(t.atZone(ZoneId.systemDefault()).toInstant());
    }

    /** @return the view change a log line reports, if it reports one */
    public static Optional<ViewLine> parseView(String line) {
        Matcher m = VIEW.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> members = new ArrayList<>();
        for (String member : m.group(2).split(",")) {
            String name = member.trim();
            int paren = name.lastIndexOf('(');
            if (paren > 0) {
                name = name.substring(0, paren);
            }
            if (!name.isEmpty()) {
                members.add(name);
            }
        }
        return Optional.of(new ViewLine(timestamp(line).orElse(null), Long.parseLong(m.group(1)), List.copyOf(members), line));
    }

    /**
     * One "View N: members [...]" line.
     *
     * @param at         when it was logged (null if the line has no time stamp)
     * @param generation the view's number
     * @param members    the member names
     * @param line       the whole line
     */
    public record ViewLine(Instant at, long generation, List<String> members, String line) {
    }
}
