package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.TotemSettings;

/** The update protocol's decisions, table-driven: version checks, numbering, validation, catch-up. */
class UpdatePolicyTest {

    static ClusterConfiguration config(String name, long version, int nodes) {
        List<NodeDefinition> n = new java.util.ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            n.add(new NodeDefinition("node" + i, i, 1, "node" + i, OptionalInt.empty()));
        }
        return new ClusterConfiguration(name, version, n, QuorumSettings.defaults(), TotemSettings.defaults(), Optional.empty());
    }

    @ParameterizedTest(name = "{0} made on {1} (version {2}) with {3} running → {4}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
        EDIT     | 7 | 7  | 7    | accepted 8
        EDIT     | 7 | 7  | 8    | configuration changed meanwhile: running version is 8, your change was made on 7
        EDIT     | 9 | 9  | 8    | configuration changed meanwhile: running version is 8, your change was made on 9
        EDIT     | 1 | 1  | none | accepted 2
        UPDATE   | 0 | 9  | 8    | accepted 9
        UPDATE   | 0 | 20 | 8    | accepted 20
        UPDATE   | 0 | 8  | 8    | config_version 8 is not newer than the running config_version 8: an update must increase it
        UPDATE   | 0 | 3  | 8    | config_version 3 is not newer than the running config_version 8: an update must increase it
        UPDATE   | 0 | 3  | none | accepted 3
        OFFER    | 0 | 9  | 8    | accepted 9
        OFFER    | 0 | 8  | 8    | config_version 8 is not newer than the running config_version 8: an update must increase it
        ROLLBACK | 0 | 3  | 8    | accepted 9
        ROLLBACK | 0 | 3  | none | no configuration is running to roll back from
        """)
    void versions(Proposal.Kind kind, long base, long proposedVersion, Long running, String expected) {
        UpdatePolicy.Decision d = UpdatePolicy.decide(kind, config("c", proposedVersion, 3), base, List.of(),
            Optional.ofNullable(running).map(v -> config("c", v, 3)), true);
        assertEquals(expected, d.accepted() ? "accepted " + d.version() : d.reason());
    }

    @Test
    void everyValidationProblemRefusesWithAllOfThem() {
        List<ConfigProblem> problems = List.of(new ConfigProblem("f", 3, "/cluster/clusternodes/clusternode[2]", "votes -1"),
            new ConfigProblem("f", 9, "/cluster/rm/service", "unknown domain"));
        UpdatePolicy.Decision d = UpdatePolicy.decide(Proposal.Kind.UPDATE, null, 0, problems,
            Optional.of(config("c", 1, 3)), true);
        assertFalse(d.accepted());
        assertEquals("the configuration does not validate: 2 problems", d.reason());
        assertEquals(problems, d.problems());
    }

    @Test
    void aRunningClusterKeepsItsNameAndSomeNodes() {
        assertEquals("the cluster name cannot change while the cluster runs: running c, proposed other",
            UpdatePolicy.decide(Proposal.Kind.UPDATE, config("other", 9, 3), 0, List.of(),
                Optional.of(config("c", 8, 3)), true).reason());
        assertEquals("a running cluster's configuration must keep at least one clusternode",
            UpdatePolicy.decide(Proposal.Kind.EDIT, config("c", 8, 0), 8, List.of(),
                Optional.of(config("c", 8, 3)), true).reason());
        // a file edited on a lone node may do both (ccs:create, then addfence before any addnode)
        assertTrue(UpdatePolicy.decide(Proposal.Kind.EDIT, config("c", 1, 0), 1, List.of(),
            Optional.of(config("c", 1, 0)), false).accepted());
        assertTrue(UpdatePolicy.decide(Proposal.Kind.UPDATE, config("other", 9, 3), 0, List.of(),
            Optional.of(config("c", 8, 3)), false).accepted());
    }

    @ParameterizedTest(name = "mine {0}/{1}, coordinator {2}/{3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
        5    | aa | 5 | aa | NOTHING
        3    | aa | 5 | bb | FETCH
        none | -- | 5 | bb | FETCH
        5    | aa | 5 | bb | FETCH_CONFLICT
        7    | aa | 5 | bb | OFFER
        """)
    void catchUp(Long mine, String myDigest, long theirs, String theirDigest, UpdatePolicy.CatchUp expected) {
        assertEquals(expected, UpdatePolicy.catchUp(mine == null ? OptionalLong.empty() : OptionalLong.of(mine),
            myDigest, theirs, theirDigest));
    }
}
