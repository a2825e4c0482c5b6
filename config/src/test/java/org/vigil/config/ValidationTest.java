package org.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.config.ClusterConfReaderTest.described;
import static org.vigil.config.ClusterConfReaderTest.resource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigurationException;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.NodeDefinition;
import org.vigil.api.config.QuorumSettings;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.TotemSettings;
import org.vigil.api.config.XmlLayout;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.ParameterType;

class ValidationTest {

    private final ClusterConfReader reader = new ClusterConfReader();

    private List<String> refused(String xml) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
            () -> reader.read("test.conf", xml.getBytes(StandardCharsets.UTF_8)));
        return described(e.problems());
    }

    private static String cluster(String inside) {
        return "<?xml version=\"1.0\"?>\n<cluster name=\"c\" config_version=\"1\">\n"
            + "<clusternodes><clusternode name=\"n1\" nodeid=\"1\"/><clusternode name=\"n2\" nodeid=\"2\"/></clusternodes>\n"
            + inside + "</cluster>\n";
    }

    @Test
    void everyReferenceProblemOfAFileIsListed() {
        Path file = resource("bad/references.conf");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> reader.read(file));
        e.problems().forEach(p -> assertEquals(file.toString(), p.file()));
        assertEquals(List.of(
            "8 /cluster/clusternodes/clusternode[2]/fence/method/device: fence method \"1\" of node \"n2\" names fence"
                + " device \"nosuch\", which is not in <fencedevices>",
            "13 /cluster/fencedevices/fencedevice[2]: fence device name \"ipmi_n1\" is already used by"
                + " /cluster/fencedevices/fencedevice[1] at line 12",
            "17 /cluster/rm/failoverdomains/failoverdomain[1]: failover domain \"d1\" is restricted but has no nodes:"
                + " its services could run nowhere",
            "18 /cluster/rm/failoverdomains/failoverdomain[2]: failover domain name \"d1\" is already used by"
                + " /cluster/rm/failoverdomains/failoverdomain[1] at line 17",
            "18 /cluster/rm/failoverdomains/failoverdomain[2]: ordered \"yes\" must be 1 or 0",
            "19 /cluster/rm/failoverdomains/failoverdomain[2]/failoverdomainnode: failover domain \"d1\" names node"
                + " \"n3\", which is not a clusternode",
            "24 /cluster/rm/resources/ip[2]: ip resource \"10.0.0.1\" is already defined by /cluster/rm/resources/ip[1]"
                + " at line 23",
            "25 /cluster/rm/resources/script: script resource has no name: services refer to shared resources by it",
            "27 /cluster/rm/service[1]: service \"s1\" names failover domain \"nodomain\", which is not in"
                + " <failoverdomains>",
            "27 /cluster/rm/service[1]: recovery \"reboot\" must be restart, relocate or disable",
            "28 /cluster/rm/service[1]/ip: service \"s1\" refers to ip resource \"10.0.0.2\", which is not in <resources>",
            "28 /cluster/rm/service[1]/ip/script: service \"s1\" refers to script resource \"x\", which is not in"
                + " <resources>",
            "30 /cluster/rm/service[2]: service name \"s1\" is already used by /cluster/rm/service[1] at line 27",
            "30 /cluster/rm/service[2]: autostart \"maybe\" must be 1 or 0"), described(e.problems()));
    }

    static Stream<Arguments> oneProblemEach() {
        return Stream.of(
            Arguments.of("<fencedevices><fencedevice agent=\"fence_manual\"/></fencedevices>",
                "4 /cluster/fencedevices/fencedevice: fencedevice has no name"),
            Arguments.of("<fencedevices><fencedevice name=\"m\"/></fencedevices>",
                "4 /cluster/fencedevices/fencedevice: fencedevice \"m\" has no agent"),
            Arguments.of("<rm><failoverdomains><failoverdomain name=\"d\"><failoverdomainnode name=\"n1\" priority=\"0\"/>"
                    + "</failoverdomain></failoverdomains></rm>",
                "4 /cluster/rm/failoverdomains/failoverdomain/failoverdomainnode: priority \"0\" must be a whole number"
                    + " of 1 or more"),
            Arguments.of("<rm><failoverdomains><failoverdomain name=\"d\"><failoverdomainnode name=\"n1\"/>"
                    + "<failoverdomainnode name=\"n1\"/></failoverdomain></failoverdomains></rm>",
                "4 /cluster/rm/failoverdomains/failoverdomain/failoverdomainnode[2]: node \"n1\" is listed twice in"
                    + " failover domain \"d\""),
            Arguments.of("<rm><service/></rm>", "4 /cluster/rm/service: service has no name"),
            Arguments.of("<rm><service name=\"s\" max_restarts=\"-1\"/></rm>",
                "4 /cluster/rm/service: max_restarts \"-1\" must be a whole number of 0 or more"),
            Arguments.of("<rm><resources><script ref=\"x\"/></resources></rm>",
                "4 /cluster/rm/resources/script: a shared resource cannot be a reference (ref=\"x\")"),
            Arguments.of("<rm><resources><ip address=\"1.2.3.4\"/><script name=\"w\"/></resources>"
                    + "<service name=\"s\"><ip ref=\"1.2.3.4\"><fs name=\"inline\"><script ref=\"w\"/><script ref=\"v\"/></fs></ip>"
                    + "</service></rm>",
                "4 /cluster/rm/service/ip/fs/script[2]: service \"s\" refers to script resource \"v\", which is not in"
                    + " <resources>"),
            Arguments.of("<rm/><rm/>", "4 /cluster/rm[2]: <rm> is given more than once (first at line 4); a cluster.conf has one"));
    }

    @ParameterizedTest
    @MethodSource
    void oneProblemEach(String inside, String problem) {
        assertEquals(List.of(problem), refused(cluster(inside)));
    }

    @Test
    void aValidResourceTreeWithRefsAndInlineResourcesPasses() throws Exception {
        reader.read("ok.conf", cluster("<fencedevices><fencedevice name=\"m\" agent=\"fence_manual\"/></fencedevices>"
            + "<rm><failoverdomains><failoverdomain name=\"d\" restricted=\"1\"><failoverdomainnode name=\"n2\"/>"
            + "</failoverdomain></failoverdomains><resources><ip address=\"1.2.3.4\"/></resources>"
            + "<service name=\"s\" domain=\"d\" recovery=\"relocate\"><ip ref=\"1.2.3.4\"><script name=\"inline\" file=\"/x\"/>"
            + "</ip></service></rm>").getBytes(StandardCharsets.UTF_8));
    }

    private static ClusterConfiguration made(List<NodeDefinition> nodes, long version) {
        return new ClusterConfiguration("c", version, nodes, QuorumSettings.defaults(), TotemSettings.defaults(),
            Optional.empty());
    }

    @Test
    void aConfigurationMadeInCodeIsCheckedWhole() {
        ClusterConfiguration c = new ClusterConfiguration("c", 1,
            List.of(new NodeDefinition("a", 1, -1, "a", OptionalInt.empty()),
                new NodeDefinition("A", 1, 1, "A", OptionalInt.empty())),
            QuorumSettings.defaults(), TotemSettings.defaults(), Optional.empty(),
            Map.of("a", List.of(FenceMethod.of("1", List.of(FenceDeviceRef.of("ghost", Map.of()))))),
            List.of(), ResourceManager.empty(), XmlLayout.none());
        assertEquals(List.of(
            "0 /cluster/clusternodes/clusternode[1]: votes -1 must be 0 or more",
            "0 /cluster/clusternodes/clusternode[2]: node name \"A\" is already used by /cluster/clusternodes/clusternode[1]",
            "0 /cluster/clusternodes/clusternode[2]: nodeid 1 is already used by /cluster/clusternodes/clusternode[1]",
            "0 /cluster/clusternodes/clusternode[1]/fence/method/device: fence method \"1\" of node \"a\" names fence"
                + " device \"ghost\", which is not in <fencedevices>"),
            described(ConfigValidator.validate(c, "made")));
    }

    @Test
    void configVersionMustIncrease() {
        List<NodeDefinition> nodes = List.of(new NodeDefinition("a", 1, 1, "a", OptionalInt.empty()));
        assertEquals(List.of(), ConfigValidator.validateUpdate(made(nodes, 5), made(nodes, 6), "new"));
        for (long version : new long[] {5, 4}) {
            assertEquals(List.of("0 /cluster: config_version " + version + " is not newer than the running config_version 5:"
                + " an update must increase it"), described(ConfigValidator.validateUpdate(made(nodes, 5),
                made(nodes, version), "new")));
        }
    }

    private static final FenceAgentMetadata IPMI = new FenceAgentMetadata("fence_ipmilan", "IPMI over LAN", List.of(
        new AgentParameter("ipaddr", ParameterType.STRING, true, Optional.empty(), false, List.of(), "BMC address"),
        new AgentParameter("login", ParameterType.STRING, true, Optional.empty(), false, List.of(), "user"),
        new AgentParameter("passwd", ParameterType.STRING, false, Optional.empty(), true, List.of(), "password"),
        new AgentParameter("lanplus", ParameterType.BOOLEAN, false, Optional.of("0"), false, List.of(), "IPMI v2"),
        new AgentParameter("power_wait", ParameterType.SECONDS, false, Optional.of("0"), false, List.of(), "wait"),
        new AgentParameter("delay", ParameterType.SECONDS, false, Optional.of("0"), false, List.of(), "delay"),
        new AgentParameter("action", ParameterType.SELECT, false, Optional.of("reboot"), false,
            List.of("on", "off", "reboot"), "action")), Set.of(FenceAction.values()));

    static Stream<Arguments> agentChecks() {
        return Stream.of(
            Arguments.of("two-node-ipmi.conf", (Function<String, Optional<FenceAgentMetadata>>) a -> Optional.of(IPMI),
                List.of(), List.of()),
            Arguments.of("two-node-ipmi.conf", (Function<String, Optional<FenceAgentMetadata>>) a -> Optional.empty(),
                List.of(),
                List.of("0 /cluster/fencedevices/fencedevice[1]: not checked: agent fence_ipmilan not installed",
                    "0 /cluster/fencedevices/fencedevice[2]: not checked: agent fence_ipmilan not installed")),
            Arguments.of("pdu-two-levels.conf", (Function<String, Optional<FenceAgentMetadata>>)
                    a -> a.equals("fence_ipmilan") ? Optional.of(IPMI) : Optional.empty(),
                List.of("0 /cluster/fencedevices/fencedevice[2]: agent fence_ipmilan takes no parameter passwd_script"),
                List.of("0 /cluster/fencedevices/fencedevice[3]: not checked: agent fence_apc_snmp not installed",
                    "0 /cluster/fencedevices/fencedevice[4]: not checked: agent fence_apc_snmp not installed")));
    }

    @ParameterizedTest
    @MethodSource
    void agentChecks(String sample, Function<String, Optional<FenceAgentMetadata>> agents, List<String> errors,
                     List<String> warnings) throws Exception {
        ClusterConfiguration c = reader.read(resource(sample));
        ValidationResult result = ConfigValidator.checkAgents(c, sample, agents);
        assertEquals(errors, described(result.errors()));
        assertEquals(warnings, described(result.warnings()));
        assertEquals(errors.isEmpty(), result.ok());
    }

    @Test
    void agentParametersAreCheckedByTypeAndRequirement() throws Exception {
        ClusterConfiguration c = reader.read("t.conf", cluster("""
            <fencedevices>
              <fencedevice name="i" agent="fence_ipmilan" ipaddr="10.0.0.1" passwd="hunter2" lanplus="maybe" power_wait="soon" colour="red"/>
            </fencedevices>
            """).replace("<clusternode name=\"n1\" nodeid=\"1\"/>",
            "<clusternode name=\"n1\" nodeid=\"1\"><fence><method name=\"1\"><device name=\"i\" action=\"explode\"/></method></fence></clusternode>")
            .getBytes(StandardCharsets.UTF_8));
        ValidationResult result = ConfigValidator.checkAgents(c, "t.conf", a -> Optional.of(IPMI));
        assertEquals(List.of(
            "0 /cluster/fencedevices/fencedevice: lanplus \"maybe\" must be one of 1/0, on/off, yes/no, true/false",
            "0 /cluster/fencedevices/fencedevice: power_wait \"soon\" is not a number of seconds (agent fence_ipmilan)",
            "0 /cluster/fencedevices/fencedevice: agent fence_ipmilan takes no parameter colour",
            "0 /cluster/clusternodes/clusternode[1]/fence/method/device: action \"explode\" must be one of on, off, reboot",
            "0 /cluster/clusternodes/clusternode[1]/fence/method/device: fence device \"i\" (agent fence_ipmilan) needs"
                + " parameter login"), described(result.errors()));
        assertTrue(result.errors().stream().noneMatch(p -> p.reason().contains("hunter2")));
    }

    @Test
    void secretsAreMaskedInToString() throws Exception {
        ClusterConfiguration c = reader.read(resource("pdu-two-levels.conf"));
        String shown = c.toString();
        for (String secret : List.of("calvin", "pr1vate", "/root/ipmi-pass.sh")) {
            assertTrue(!shown.contains(secret), secret + " shown in " + shown);
        }
        assertTrue(shown.contains("passwd=****"), shown);
        assertEquals("FenceDevice{name=x, agent=fence_apc_snmp, community=****, snmp_priv_passwd=****, port=3}",
            FenceDevice.of("x", "fence_apc_snmp", new java.util.LinkedHashMap<>(Map.of("community", "c")) {{
                put("snmp_priv_passwd", "p");
                put("port", "3");
            }}).toString());
    }
}
