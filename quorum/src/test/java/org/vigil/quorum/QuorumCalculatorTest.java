package org.vigil.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.quorum.QuorumFlag;
import org.vigil.api.quorum.QuorumState;

/** Runs every scenario of {@code quorum-scenarios.txt} through {@link QuorumCalculator}. */
class QuorumCalculatorTest {

    static Stream<Arguments> scenarios() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = QuorumCalculatorTest.class.getResourceAsStream("/quorum-scenarios.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                if (f.length != 6) {
                    throw new IllegalStateException("quorum-scenarios.txt:" + number + ": expected 6 fields, got " + f.length);
                }
                rows.add(Arguments.of(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim(), f[4].trim(), f[5].trim()));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, String nodesSpec, String options, String local, String views, String expected) {
        List<NodeVotes> nodes = new ArrayList<>();
        for (String n : nodesSpec.split(",")) {
            String[] p = n.trim().split(":");
            int id = Integer.parseInt(p[0]);
            nodes.add(new NodeVotes(id, "node" + id, p.length > 1 ? Integer.parseInt(p[1]) : 1));
        }
        OptionalInt expectedVotes = OptionalInt.empty();
        boolean twoNode = false;
        boolean waitForAll = false;
        boolean lms = false;
        boolean atb = false;
        boolean highest = false;
        List<Integer> tieBreakers = List.of();
        Integer diskVotes = null;
        for (String o : options.split("\\s+")) {
            if (o.isEmpty()) {
                continue;
            }
            String[] kv = o.split("=", 2);
            switch (kv[0]) {
                case "expected_votes" -> expectedVotes = OptionalInt.of(Integer.parseInt(kv[1]));
                case "two_node" -> twoNode = true;
                case "wait_for_all" -> waitForAll = true;
                case "last_man_standing" -> lms = true;
                case "auto_tie_breaker" -> atb = true;
                case "auto_tie_breaker_node" -> {
                    if (kv[1].equals("highest")) {
                        highest = true;
                    } else {
                        tieBreakers = Arrays.stream(kv[1].split(",")).map(Integer::valueOf).toList();
                    }
                }
                case "qdisk" -> diskVotes = Integer.valueOf(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + o);
            }
        }
        QuorumSettings settings = new QuorumSettings(expectedVotes, twoNode, waitForAll, lms, Duration.ofSeconds(10),
            atb, tieBreakers, highest);
        int localId = Integer.parseInt(local);

        QuorumMemory memory = QuorumMemory.INITIAL;
        QuorumResult result = null;
        long generation = 0;
        for (String step : views.split(">")) {
            List<String> tokens = new ArrayList<>(Arrays.asList(step.trim().split("\\s+")));
            Set<Integer> members = Arrays.stream(tokens.remove(0).split(",")).map(Integer::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
            boolean granted = tokens.remove("+qd");
            boolean window = tokens.remove("+lms");
            if (!tokens.isEmpty()) {
                throw new IllegalArgumentException("unknown view flags " + tokens + " in " + name);
            }
            Optional<DeviceInput> device = diskVotes == null ? Optional.empty()
                : Optional.of(new DeviceInput("qdisk", diskVotes, granted,
                    granted ? "master node1(1) lists this node" : "master node3(3) does not list this node"));
            result = QuorumCalculator.calculate(new QuorumInput(settings, nodes, members, localId, ++generation, device,
                memory, window));
            memory = result.memory();
        }
        check(name, expected, result.state());
    }

    private static void check(String name, String expected, QuorumState s) {
        String rest = expected;
        String reason = null;
        int at = rest.indexOf("reason=\"");
        if (at >= 0) {
            reason = rest.substring(at + 8, rest.lastIndexOf('"'));
            rest = rest.substring(0, at);
        }
        String[] tokens = rest.trim().split("\\s+");
        assertEquals(tokens[0].equals("Q"), s.quorate(), () -> name + ": quorate; state " + s);
        for (int i = 1; i < tokens.length; i++) {
            String[] kv = tokens[i].split("=", 2);
            String v = kv[1];
            switch (kv[0]) {
                case "exp" -> assertEquals(Integer.parseInt(v), s.expectedVotes(), () -> name + ": expected votes; " + s);
                case "total" -> assertEquals(Integer.parseInt(v), s.totalVotes(), () -> name + ": total votes; " + s);
                case "quorum" -> assertEquals(Integer.parseInt(v), s.quorum(), () -> name + ": quorum; " + s);
                case "node" -> assertEquals(Integer.parseInt(v), s.nodeVotes(), () -> name + ": node votes; " + s);
                case "flags" -> {
                    Set<QuorumFlag> flags = EnumSet.noneOf(QuorumFlag.class);
                    for (String f : v.split(",")) {
                        if (!f.isEmpty()) {
                            flags.add(QuorumFlag.valueOf(f));
                        }
                    }
                    assertEquals(flags, s.flags(), () -> name + ": flags; " + s);
                }
                default -> throw new IllegalArgumentException("unknown expectation " + tokens[i]);
            }
        }
        if (reason != null) {
            String want = reason;
            assertTrue(s.reason().contains(want), () -> name + ": reason '" + s.reason() + "' lacks '" + want + "'");
        }
        if (s.quorate()) {
            assertTrue(s.reason().startsWith("quorate: "), () -> name + ": " + s.reason());
        } else {
            assertTrue(s.reason().startsWith("not quorate: "), () -> name + ": " + s.reason());
        }
    }

    @Test
    void ignoredOptionsAreReported() {
        QuorumSettings s = new QuorumSettings(OptionalInt.empty(), true, false, true, Duration.ofSeconds(10), false,
            List.of(), false);
        List<NodeVotes> nodes = List.of(new NodeVotes(1, "a", 2), new NodeVotes(2, "b", 1), new NodeVotes(3, "c", 1));
        QuorumResult r = QuorumCalculator.calculate(new QuorumInput(s, nodes, Set.of(1, 2, 3), 1, 1, Optional.empty(),
            QuorumMemory.INITIAL, false));
        assertEquals(List.of("two_node ignored: it needs exactly 2 nodes, 3 are configured",
            "last_man_standing ignored: every node must have 1 vote"), r.warnings());
    }

    @Test
    void sameInputSameResult() {
        QuorumSettings s = QuorumSettings.defaults();
        List<NodeVotes> nodes = List.of(new NodeVotes(1, "a", 1), new NodeVotes(2, "b", 1), new NodeVotes(3, "c", 1));
        QuorumInput in = new QuorumInput(s, nodes, Set.of(1, 2), 1, 7, Optional.empty(), QuorumMemory.INITIAL, false);
        assertEquals(QuorumCalculator.calculate(in), QuorumCalculator.calculate(in));
        assertEquals(7, QuorumCalculator.calculate(in).state().viewGeneration());
        assertEquals(2, QuorumCalculator.calculate(in).state().memberCount());
    }

    @Test
    void reconfigurationForgetsLearntExpectedVotes() {
        QuorumMemory m = new QuorumMemory(true, 8, 3, Set.of(1, 2, 3));
        assertEquals(new QuorumMemory(true, 0, 0, Set.of(1, 2, 3)), m.afterReconfiguration());
    }
}
