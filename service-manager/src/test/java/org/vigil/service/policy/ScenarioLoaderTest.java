package org.vigil.service.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario loader refuses bad files with the file, the line and the reason, and the diff shows mismatches. */
class ScenarioLoaderTest {

    @TempDir
    Path dir;

    private String refusal(String text) throws IOException {
        Path f = dir.resolve("bad.scenario");
        Files.writeString(f, text);
        return assertThrows(IllegalArgumentException.class, () -> ScenarioLoader.load(f)).getMessage();
    }

    @Test
    void unknownSectionIsNamedWithItsLine() throws IOException {
        String m = refusal("# t\n[config]\nnodes: a b\n[expectations]\n");
        assertEquals("bad.scenario:4: unknown section [expectations]; known: [cluster.conf, config, expect actions, "
            + "expect requests, expect table, previous, requests, state]", m);
    }

    @Test
    void unknownReportedStateIsNamed() throws IOException {
        String m = refusal("[config]\nnodes: a b\nservice web\n[state]\na: web=runing\n[expect actions]\n[expect table]\n");
        assertEquals("bad.scenario:5: unknown reported state 'runing' (running, starting, stopping, stopped, failed)", m);
    }

    @Test
    void unknownNodeInMembersIsNamed() throws IOException {
        String m = refusal("[config]\nnodes: a b\n[state]\nmembers: a c\n[expect actions]\n[expect table]\n");
        assertTrue(m.startsWith("bad.scenario:4: 'c' is not a configured node"), m);
    }

    @Test
    void missingExpectationsAreRefused() throws IOException {
        String m = refusal("[config]\nnodes: a\n[expect actions]\n");
        assertEquals("bad.scenario: section [expect table] is missing (leave it empty for none)", m);
    }

    @Test
    void badActionLineIsRefused() throws IOException {
        String m = refusal("[config]\nnodes: a\n[expect actions]\nlaunch web on a\n[expect table]\n");
        assertTrue(m.startsWith("bad.scenario:4: not an action: 'launch web on a'"), m);
    }

    @Test
    void requestCountMustMatchOutcomes() throws IOException {
        String m = refusal("[config]\nnodes: a\nservice web\n[requests]\nenable web\ndisable web\n[expect actions]\n"
            + "[expect table]\n[expect requests]\nenable web -> accepted\n");
        assertEquals("bad.scenario: 2 requests but 1 lines in [expect requests]", m);
    }

    @Test
    void badRequestIsRefusedWithTheReason() throws IOException {
        String m = refusal("[config]\nnodes: a\nservice web\n[requests]\nlock web\n[expect actions]\n[expect table]\n");
        assertEquals("bad.scenario:5: request lock takes no service (got 'web')", m);
    }

    @Test
    void refusedClusterConfIsReported() throws IOException {
        String m = refusal("[cluster.conf]\n<cluster name=\"c\" config_version=\"1\"><clusternodes>"
            + "<clusternode name=\"a\" nodeid=\"1\"/><clusternode name=\"a\" nodeid=\"2\"/></clusternodes></cluster>\n"
            + "[expect actions]\n[expect table]\n");
        assertTrue(m.startsWith("bad.scenario: the [cluster.conf] section is refused:"), m);
    }

    @Test
    void mismatchIsShownAsADiff() throws IOException {
        Path f = dir.resolve("wrong.scenario");
        Files.writeString(f, "# wrong on purpose\n[config]\nnodes: node1 node2\nservice web\n"
            + "[expect actions]\nstart web on node2: lowest node id\n[expect table]\nweb: starting owner=node2\n");
        Scenario sc = ScenarioLoader.load(f);
        String diff = ScenarioDiff.compare(sc, new PlacementPolicy().decide(sc.input()));
        assertTrue(diff.contains("    - start web on node2: lowest node id   (expected, not decided)"), diff);
        assertTrue(diff.contains("    + start web on node1: service:web started on node1"), diff);
        assertTrue(diff.contains("  table differs:\n    - web: starting owner=node2\n    + web: starting owner=node1"), diff);
    }
}
