package org.vigil.service.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario of {@code src/test/resources/scenarios}: loads it, decides, and compares
 * the actions, the table and the request outcomes with what the file expects. A mismatch fails
 * with both sides and the decision's reasons.
 */
class ScenarioTest {

    static Path scenarioDir() {
        try {
            return Path.of(ScenarioTest.class.getResource("/scenarios").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> scenarioFiles() throws IOException {
        try (Stream<Path> s = Files.list(scenarioDir())) {
            return s.filter(p -> p.toString().endsWith(".scenario")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    @Test
    void thereAreAtLeastAHundredScenarios() throws IOException {
        assertTrue(scenarioFiles().size() >= 100, "only " + scenarioFiles().size() + " scenarios");
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        return scenarioFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
    }

    static void run(Path file) throws IOException {
        Scenario sc = ScenarioLoader.load(file);
        Decision d = new PlacementPolicy().decide(sc.input());
        String diff = ScenarioDiff.compare(sc, d);
        if (!diff.isEmpty()) {
            fail("\n" + sc.name() + ": " + sc.description().lines().findFirst().orElse("") + "\n" + diff);
        }
        // the same input gives the same decision
        assertEquals(d, new PlacementPolicy().decide(sc.input()), sc.name() + ": not deterministic");
        // stops come before starts
        List<Action.Kind> kinds = new ArrayList<>();
        d.actions().forEach(a -> kinds.add(a.kind()));
        List<Action.Kind> sorted = new ArrayList<>(kinds);
        sorted.sort(Comparator.naturalOrder());
        assertEquals(sorted, kinds, sc.name() + ": actions out of order");
    }
}
