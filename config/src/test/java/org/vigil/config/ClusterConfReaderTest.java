package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigurationException;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumDiskSettings;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.TotemSettings;

class ClusterConfReaderTest {

    private final ClusterConfReader reader = new ClusterConfReader();

    static Path resource(String name) {
        try {
            return Path.of(ClusterConfReaderTest.class.getResource("/conf/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the problems as "line element: reason", the file left out */
    static List<String> described(List<ConfigProblem> problems) {
        return problems.stream().map(p -> p.line() + " " + p.element() + ": " + p.reason()).toList();
    }

    private List<String> refusedFile(String name) {
        Path file = resource(name);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> reader.read(file));
        e.problems().forEach(p -> assertEquals(file.toString(), p.file()));
        return described(e.problems());
    }

    private List<String> refused(String xml) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
            () -> reader.read("test.conf", xml.getBytes(StandardCharsets.UTF_8)));
        e.problems().forEach(p -> assertEquals("test.conf", p.file()));
        return described(e.problems());
    }

    private ClusterConfiguration read(String xml) throws ConfigurationException {
        return reader.read("test.conf", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String cluster(String inside) {
        return "<?xml version=\"1.0\"?>\n<cluster name=\"c\" config_version=\"1\">\n" + inside + "</cluster>\n";
    }

    private static final String THREE_NODES = """
          <clusternodes>
            <clusternode name="n1" nodeid="1"/>
            <clusternode name="n2" nodeid="2"/>
            <clusternode name="n3" nodeid="3"/>
          </clusternodes>
        """;

    @Test
    void anUnknownElementInASectionWithFixedChildrenIsRefusedWhereItIs() {
        List<String> problems = refused(cluster("""
              <clusternodes>
                <clusternode name="n1" nodeid="1">
                  <fence><method name="1"><devise name="d1"/></method></fence>
                </clusternode>
                <clusternod name="n2" nodeid="2"/>
              </clusternodes>
              <fencedevices><fencedevice name="d1" agent="fence_manual"/><fencedev name="d2"/></fencedevices>
              <rm><failoverdomains><failoverdomain name="fd"><node name="n1"/></failoverdomain></failoverdomains></rm>
            """));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("5 ") && problems.get(0).endsWith(
            "<devise> is not allowed in <method>: only <device>"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("7 ")
            && p.endsWith("<clusternod> is not allowed in <clusternodes>: only <clusternode>")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("9 ")
            && p.endsWith("<fencedev> is not allowed in <fencedevices>: only <fencedevice>")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("10 ")
            && p.endsWith("<node> is not allowed in <failoverdomain>: only <failoverdomainnode>")), problems.toString());
    }

    @Test
    void unknownElementsElsewhereAreKept() throws Exception {
        ClusterConfiguration c = read(cluster(THREE_NODES + "  <logging debug=\"on\"/>\n  <rm><events/></rm>\n"));
        assertEquals(3, c.nodes().size());
        assertTrue(c.layout().sections().stream().anyMatch(e -> e.name().equals("logging")));
        assertTrue(c.resourceManager().extra().stream().anyMatch(e -> e.name().equals("events")));
    }

    // ---- good files -------------------------------------------------------------------

    @Test
    void tclusterOfSeed001() throws Exception {
        ClusterConfiguration c = reader.read(resource("tcluster.conf"));
        assertEquals("tcluster", c.name());
        assertEquals(5, c.configVersion());
        assertEquals(List.of(
            new NodeDefinition("node1.magedu.com", 1, 1, "node1.magedu.com", OptionalInt.empty()),
            new NodeDefinition("node2.magedu.com", 2, 1, "node2.magedu.com", OptionalInt.empty()),
            new NodeDefinition("node3.magedu.com", 3, 1, "node3.magedu.com", OptionalInt.empty())), c.nodes());
        assertEquals(QuorumSettings.defaults(), c.quorum());
        assertEquals(TotemSettings.defaults(), c.totem());
        assertEquals(Duration.ofMillis(500), c.totem().token());
        assertEquals(Optional.empty(), c.quorumDisk());
    }

    @Test
    void twoNodeClusterWithIpmiFencing() throws Exception {
        ClusterConfiguration c = reader.read(resource("two-node-ipmi.conf"));
        assertEquals("dbpair", c.name());
        assertEquals(12, c.configVersion());
        assertEquals(List.of("db1.example.com", "db2.example.com"), c.nodes().stream().map(NodeDefinition::name).toList());
        assertEquals(new QuorumSettings(OptionalInt.of(1), true, true, false, Duration.ofSeconds(10), false, List.of(),
            false), c.quorum());
        assertEquals(Duration.ofMillis(3000), c.totem().token());
        assertEquals(Optional.empty(), c.quorumDisk());
    }

    @Test
    void webAndMysqlClusterWithQuorumDisk() throws Exception {
        ClusterConfiguration c = reader.read(resource("web-mysql-qdisk.conf"));
        assertEquals("mycluster", c.name());
        assertEquals(40, c.configVersion());
        assertEquals(List.of("web2", "web1", "Mysql1", "Mysql2"), c.nodes().stream().map(NodeDefinition::name).toList());
        assertEquals(List.of(1, 2, 3, 4), c.nodes().stream().map(NodeDefinition::nodeId).toList());
        assertEquals(4, c.nodes().stream().mapToInt(NodeDefinition::votes).sum());
        assertEquals(OptionalInt.of(6), c.quorum().expectedVotes());
        assertFalse(c.quorum().twoNode());
        assertFalse(c.quorum().waitForAll());
        assertEquals(Optional.of(new QuorumDiskSettings("/dev/sdb5", "myqdisk", 2, Duration.ofSeconds(2), 10)),
            c.quorumDisk());
        assertEquals(TotemSettings.defaults(), c.totem());
    }

    @Test
    void loopbackClusterWithAddressesPortsAndVotequorumOptions() throws Exception {
        ClusterConfiguration c = reader.read(resource("loopback.conf"));
        assertEquals(List.of(
            new NodeDefinition("node1", 1, 1, "127.0.0.1", OptionalInt.of(7101)),
            new NodeDefinition("node2", 2, 1, "127.0.0.1", OptionalInt.of(7201)),
            new NodeDefinition("node3", 3, 1, "127.0.0.1", OptionalInt.of(7301))), c.nodes());
        assertEquals(new QuorumSettings(OptionalInt.of(3), false, false, true, Duration.ofSeconds(20), true,
            List.of(3, 1), false), c.quorum());
        assertEquals(Duration.ofMillis(300), c.totem().token());
        assertEquals(Optional.of(c.nodes().get(1)), c.node("node2"));
        assertEquals(Optional.of(c.nodes().get(2)), c.node(3));
    }

    @Test
    void readsFromAStreamUnderAGivenName() throws Exception {
        byte[] xml = Files.readAllBytes(resource("tcluster.conf"));
        ClusterConfiguration c = reader.read("node2:/etc/cluster/cluster.conf", new ByteArrayInputStream(xml));
        assertEquals("tcluster", c.name());
        ConfigurationException e = assertThrows(ConfigurationException.class,
            () -> reader.read("node2:/etc/cluster/cluster.conf", new ByteArrayInputStream("<cluster".getBytes())));
        assertEquals("node2:/etc/cluster/cluster.conf", e.problems().get(0).file());
    }

    @Test
    void defaultsOfNodeVotesCmanAndQuorumDisk() throws Exception {
        ClusterConfiguration c = read(cluster("""
              <cman/>
              <quorumd device="/var/lib/vigil/qdisk"/>
            """ + THREE_NODES));
        assertEquals(List.of(1, 1, 1), c.nodes().stream().map(NodeDefinition::votes).toList());
        assertEquals(QuorumSettings.defaults(), c.quorum());
        assertEquals(Optional.of(new QuorumDiskSettings("/var/lib/vigil/qdisk", "", 2, Duration.ofSeconds(1), 10)),
            c.quorumDisk());
    }

    @Test
    void waitForAllFollowsTwoNodeUnlessWritten() throws Exception {
        String nodes = """
              <clusternodes>
                <clusternode name="a" nodeid="1"/>
                <clusternode name="b" nodeid="2"/>
              </clusternodes>
            """;
        assertTrue(read(cluster("<cman two_node=\"1\"/>\n" + nodes)).quorum().waitForAll());
        assertFalse(read(cluster("<cman two_node=\"1\" wait_for_all=\"0\"/>\n" + nodes)).quorum().waitForAll());
        assertTrue(read(cluster("<cman wait_for_all=\"1\"/>\n" + nodes)).quorum().waitForAll());
        assertFalse(read(cluster("<cman two_node=\"0\"/>\n" + nodes)).quorum().waitForAll());
    }

    @Test
    void tieBreakerLowestHighestOrList() throws Exception {
        QuorumSettings lowest = read(cluster("<cman auto_tie_breaker=\"1\" auto_tie_breaker_node=\"lowest\"/>\n"
            + THREE_NODES)).quorum();
        assertTrue(lowest.autoTieBreaker());
        assertEquals(List.of(), lowest.tieBreakerNodes());
        assertFalse(lowest.tieBreakerHighest());
        QuorumSettings highest = read(cluster("<cman auto_tie_breaker=\"1\" auto_tie_breaker_node=\"highest\"/>\n"
            + THREE_NODES)).quorum();
        assertTrue(highest.tieBreakerHighest());
        QuorumSettings list = read(cluster("<cman auto_tie_breaker=\"1\" auto_tie_breaker_node=\" 2  3 1 \"/>\n"
            + THREE_NODES)).quorum();
        assertEquals(List.of(2, 3, 1), list.tieBreakerNodes());
        assertFalse(list.tieBreakerHighest());
    }

    @Test
    void unknownSectionsAndAttributesAreAccepted() throws Exception {
        ClusterConfiguration c = read(cluster("""
              <cman cluster_id="56756" transport="udpu" keyfile="/etc/corosync/authkey"><multicast addr="239.192.1.1"/></cman>
              <totem token="1000" consensus="1200" secauth="on"><interface ringnumber="0"/></totem>
              <logging debug="on"><logging_daemon name="rgmanager" debug="on"/></logging>
              <dlm protocol="sctp"/>
              <clusternodes>
                <clusternode name="a" nodeid="1" votes="2" weight="5">
                  <fence><method name="1"><device name="pdu" port="3" action="off"/></method></fence>
                  <altname name="a-ring1"/>
                </clusternode>
              </clusternodes>
              <fencedevices><fencedevice name="pdu" agent="fence_apc_snmp" ipaddr="pdu1" community="private"/></fencedevices>
              <rm central_processing="1"><resources><vm name="guest1"/></resources></rm>
              <future_section anything="goes"/>
            """));
        assertEquals(List.of(new NodeDefinition("a", 1, 2, "a", OptionalInt.empty())), c.nodes());
        assertEquals(Duration.ofSeconds(1), c.totem().token());
    }

    // ---- bad files --------------------------------------------------------------------

    @Test
    void notWellFormed() {
        assertEquals(List.of("6 /cluster/clusternodes/clusternode: not well-formed XML: The end-tag for element type"
            + " \"clusternode\" must end with a '>' delimiter."), refusedFile("bad/not-well-formed.conf"));
    }

    @Test
    void noClusterName() {
        assertEquals(List.of("2 /cluster: the cluster has no name"), refusedFile("bad/no-name.conf"));
        assertEquals(List.of("2 /cluster: the cluster name is empty"),
            refused("<?xml version=\"1.0\"?>\n<cluster name=\" \" config_version=\"1\">" + THREE_NODES + "</cluster>"));
    }

    @Test
    void duplicateNodeId() {
        assertEquals(List.of("6 /cluster/clusternodes/clusternode[3]: nodeid 2 is already used by"
            + " /cluster/clusternodes/clusternode[2] \"node2\" at line 5"), refusedFile("bad/duplicate-nodeid.conf"));
    }

    @Test
    void duplicateNodeName() {
        assertEquals(List.of("6 /cluster/clusternodes/clusternode[3]: node name \"node1\" is already used by"
            + " /cluster/clusternodes/clusternode[1] at line 4"), refusedFile("bad/duplicate-name.conf"));
    }

    @Test
    void nodeNamesDifferingOnlyInCaseAreDuplicates() {
        assertEquals(List.of("5 /cluster/clusternodes/clusternode[2]: node name \"Web1\" is already used by"
            + " /cluster/clusternodes/clusternode[1] at line 4 (as \"web1\": node names ignore case)"),
            refused(cluster("""
                  <clusternodes>
                    <clusternode name="web1" nodeid="1"/>
                    <clusternode name="Web1" nodeid="2"/>
                  </clusternodes>
                """)));
    }

    @Test
    void negativeVotes() {
        assertEquals(List.of("5 /cluster/clusternodes/clusternode[2]: votes \"-1\" must be 0 or more"),
            refusedFile("bad/negative-votes.conf"));
    }

    @Test
    void twoNodeWithThreeNodes() {
        assertEquals(List.of("3 /cluster/cman: two_node=\"1\" needs exactly 2 clusternodes; this cluster has 3"),
            refusedFile("bad/two-node-three-nodes.conf"));
    }

    @Test
    void everyProblemIsReportedAtOnceWithLinesAndPaths() {
        String n = "/cluster/clusternodes/clusternode";
        assertEquals(List.of(
            "2 /cluster: the cluster name is empty",
            "2 /cluster: config_version \"seven\" is not a whole number",
            "3 /cluster/cman: expected_votes \"two\" is not a whole number",
            "3 /cluster/cman: wait_for_all \"yes\" must be 1 or 0",
            "3 /cluster/cman: two_node=\"1\" needs exactly 2 clusternodes; this cluster has 5",
            "4 /cluster/totem: token \"fast\" is not a whole number",
            "5 /cluster/quorumd: quorumd has no device: Vigil needs the path of the shared disk or file"
                + " (it does not search disks by label)",
            "5 /cluster/quorumd: votes \"-2\" must be 0 or more",
            "5 /cluster/quorumd: interval \"0\" must be 1 or more",
            "5 /cluster/quorumd: tko \"x\" is not a whole number",
            "8 " + n + "[2]: nodeid \"0\" must be 1 or more",
            "9 " + n + "[3]: clusternode has no name",
            "9 " + n + "[3]: votes \"many\" is not a whole number",
            "10 " + n + "[4]: port \"70000\" must be between 1 and 65535",
            "10 " + n + "[4]: node name \"a\" is already used by " + n + "[1] at line 7",
            "10 " + n + "[4]: nodeid 1 is already used by " + n + "[1] \"a\" at line 7",
            "12 " + n + "[5]: nodeid \"x\" is not a whole number",
            "13 " + n + "[5]: votes \"-1\" must be 0 or more"), refusedFile("bad/many-problems.conf"));
    }

    @Test
    void problemsPrintWithFileLineElementAndReason() {
        Path file = resource("bad/negative-votes.conf");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> reader.read(file));
        assertEquals(file + ":5: /cluster/clusternodes/clusternode[2]: votes \"-1\" must be 0 or more", e.getMessage());
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Path file = dir.resolve("cluster.conf");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> reader.read(file));
        assertEquals(List.of(new ConfigProblem(file.toString(), 0, "/", "file not found")), e.problems());
    }

    @Test
    void unreadableFile(@TempDir Path dir) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> reader.read(dir));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).reason().startsWith("cannot read the file: "), e.problems().get(0).reason());
    }

    @Test
    void emptyFile() {
        assertEquals(List.of("0 /: the file is empty"), refused(" \n"));
    }

    @Test
    void rootIsNotCluster() {
        assertEquals(List.of("2 /config: the root element is <config>; a cluster.conf starts with <cluster>"),
            refused("<?xml version=\"1.0\"?>\n<config name=\"c\" config_version=\"1\"/>\n"));
    }

    @Test
    void clusterWithoutNodesIsTheSkeletonCcsCreateWrites() throws Exception {
        ClusterConfiguration skeleton = new ClusterConfReader().read("skeleton", ("<?xml version=\"1.0\"?>\n"
            + "<cluster name=\"tcluster\" config_version=\"1\">\n<clusternodes/>\n<fencedevices/>\n"
            + "<rm>\n<failoverdomains/>\n<resources/>\n</rm>\n</cluster>\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("tcluster", skeleton.name());
        assertEquals(List.of(), skeleton.nodes());
        assertEquals("<?xml version=\"1.0\"?>\n<cluster name=\"tcluster\" config_version=\"1\">\n  <clusternodes/>\n"
            + "  <fencedevices/>\n  <rm>\n    <failoverdomains/>\n    <resources/>\n  </rm>\n</cluster>\n",
            new ClusterConfWriter().write(skeleton));
    }

    @Test
    void missingConfigVersionAndNodeAttributes() {
        assertEquals(List.of(
            "1 /cluster: the cluster has no config_version",
            "1 /cluster/clusternodes/clusternode[1]: clusternode \"a\" has no nodeid",
            "1 /cluster/clusternodes/clusternode[2]: clusternode has no name",
            "1 /cluster/clusternodes/clusternode[3]: clusternode has no name",
            "1 /cluster/clusternodes/clusternode[3]: clusternode has no nodeid",
            "1 /cluster/clusternodes/clusternode[4]: the clusternode name is empty"),
            refused("<cluster name=\"c\"><clusternodes><clusternode name=\"a\"/><clusternode nodeid=\"2\"/>"
                + "<clusternode/><clusternode name=\"\" nodeid=\"4\"/></clusternodes></cluster>"));
    }

    @Test
    void nodeIdAndVotesRanges() {
        assertEquals(List.of(
            "4 /cluster/clusternodes/clusternode[1]: nodeid \"-4\" must be 1 or more",
            "5 /cluster/clusternodes/clusternode[2]: nodeid \"99999999999\" must be at most 2147483647",
            "6 /cluster/clusternodes/clusternode[3]: nodeid \"2.5\" is not a whole number",
            "7 /cluster/clusternodes/clusternode[4]: votes \"\" is not a whole number"),
            refused(cluster("""
                  <clusternodes>
                    <clusternode name="a" nodeid="-4"/>
                    <clusternode name="b" nodeid="99999999999"/>
                    <clusternode name="c" nodeid="2.5"/>
                    <clusternode name="d" nodeid="4" votes=""/>
                  </clusternodes>
                """)));
    }

    @Test
    void addressesAndPorts() {
        assertEquals(List.of(
            "4 /cluster/clusternodes/clusternode[1]: port \"0\" must be between 1 and 65535",
            "5 /cluster/clusternodes/clusternode[2]: port \"http\" is not a whole number",
            "6 /cluster/clusternodes/clusternode[3]: address is empty: leave it out to use the node name",
            "8 /cluster/clusternodes/clusternode[5]: address 10.0.0.1 port 7101 is already used by"
                + " /cluster/clusternodes/clusternode[4] at line 7"),
            refused(cluster("""
                  <clusternodes>
                    <clusternode name="a" nodeid="1" port="0"/>
                    <clusternode name="b" nodeid="2" port="http"/>
                    <clusternode name="c" nodeid="3" address=""/>
                    <clusternode name="d" nodeid="4" address="10.0.0.1" port="7101"/>
                    <clusternode name="e" nodeid="5" address="10.0.0.1" port="7101"/>
                    <clusternode name="f" nodeid="6" address="10.0.0.1" port="7102"/>
                  </clusternodes>
                """)));
    }

    @Test
    void cmanTotemAndQuorumdNumbers() {
        assertEquals(List.of(
            "3 /cluster/cman: expected_votes \"0\" must be 1 or more",
            "3 /cluster/cman: two_node \"true\" must be 1 or 0",
            "3 /cluster/cman: last_man_standing \"on\" must be 1 or 0",
            "3 /cluster/cman: last_man_standing_window \"10s\" is not a whole number",
            "3 /cluster/cman: auto_tie_breaker \"2\" must be 1 or 0",
            "3 /cluster/cman: auto_tie_breaker_node \"first\" must be lowest, highest, or node ids separated by spaces",
            "4 /cluster/totem: token \"0\" must be 1 or more",
            "5 /cluster/quorumd: votes \"two\" is not a whole number",
            "5 /cluster/quorumd: interval \"1.5\" is not a whole number",
            "5 /cluster/quorumd: tko \"0\" must be 1 or more"),
            refused(cluster("""
                <cman expected_votes="0" two_node="true" last_man_standing="on" last_man_standing_window="10s" auto_tie_breaker="2" auto_tie_breaker_node="first"/>
                <totem token="0"/>
                <quorumd device="/dev/sdb5" votes="two" interval="1.5" tko="0"/>
                """ + THREE_NODES)));
    }

    @Test
    void tieBreakerNodesMustBeConfigured() {
        assertEquals(List.of("3 /cluster/cman: auto_tie_breaker_node names node id 7, which no clusternode has"),
            refused(cluster("<cman auto_tie_breaker=\"1\" auto_tie_breaker_node=\"1 7\"/>\n" + THREE_NODES)));
    }

    @Test
    void sectionsVigilReadsMayAppearOnce() {
        assertEquals(List.of(
            "4 /cluster/cman[2]: <cman> is given more than once (first at line 3); a cluster.conf has one",
            "6 /cluster/totem[2]: <totem> is given more than once (first at line 5); a cluster.conf has one"),
            refused(cluster("<cman/>\n<cman two_node=\"1\"/>\n<totem token=\"100\"/>\n<totem token=\"200\"/>\n"
                + THREE_NODES)));
    }

    @Test
    void attributeProblemsPointAtTheAttributesLine() {
        assertEquals(List.of(
            "6 /cluster/clusternodes/clusternode[2]: votes \"-3\" must be 0 or more",
            "7 /cluster/clusternodes/clusternode[2]: port \"99999\" must be between 1 and 65535"),
            refused(cluster("""
                  <clusternodes>
                    <clusternode name="a" nodeid="1"/>
                    <clusternode name="b" nodeid="2" address="x port='1'"
                       votes="-3"
                       port="99999"
                    />
                  </clusternodes>
                """)));
    }

    @Test
    void doctypeAndEntitiesAreRefusedAndNothingIsFetched(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE cluster [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
            + "<cluster name=\"&x;\" config_version=\"1\">" + THREE_NODES + "</cluster>\n";
        List<String> problems = refused(xxe);
        assertEquals(List.of("2 /: a DOCTYPE is not allowed: cluster.conf takes no DTD and no entity declarations"),
            problems);
        assertFalse(problems.toString().contains("TOP-SECRET"));

        String billionLaughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE cluster [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<cluster name=\"&b;\" config_version=\"1\"/>";
        assertEquals(1, refused(billionLaughs).size());
    }

    @Test
    void undeclaredEntityIsNotWellFormed() {
        assertEquals(List.of("2 /: not well-formed XML: The entity \"x\" was referenced, but not declared."),
            refused("<?xml version=\"1.0\"?>\n<cluster name=\"&x;\" config_version=\"1\"/>"));
    }
}
