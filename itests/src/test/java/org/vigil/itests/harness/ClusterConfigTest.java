package org.vigil.itests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ClusterConfigTest {

    private static ClusterConfig threeNodes() {
        ClusterConfig c = ClusterConfig.named("alpha");
        for (int i = 1; i <= 3; i++) {
            c = c.withMember(new ClusterConfig.Member("node" + i, i, 1, "127.0.0.1", 7000 + i, ""));
        }
        return c;
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesTheRhcsLayout() throws Exception {
        Document d = parse(threeNodes().withCman("expected_votes", "3").toXml());
        Element cluster = d.getDocumentElement();
        assertEquals("cluster", cluster.getTagName());
        assertEquals("alpha", cluster.getAttribute("name"));
        assertEquals("1", cluster.getAttribute("config_version"));
        assertEquals("3", ((Element) d.getElementsByTagName("cman").item(0)).getAttribute("expected_votes"));
        assertEquals("500", ((Element) d.getElementsByTagName("totem").item(0)).getAttribute("token"));
        NodeList nodes = d.getElementsByTagName("clusternode");
        assertEquals(3, nodes.getLength());
        Element n2 = (Element) nodes.item(1);
        assertEquals("node2", n2.getAttribute("name"));
        assertEquals("2", n2.getAttribute("nodeid"));
        assertEquals("1", n2.getAttribute("votes"));
        assertEquals("127.0.0.1", n2.getAttribute("address"));
        assertEquals("7002", n2.getAttribute("port"));
        assertEquals(1, d.getElementsByTagName("fencedevices").getLength());
        assertEquals(1, d.getElementsByTagName("rm").getLength());
        assertEquals(0, d.getElementsByTagName("quorumd").getLength());
    }

    @Test
    void writesTheQuorumDisk() throws Exception {
        Document d = parse(threeNodes().withQuorumDisk(new ClusterConfig.QuorumDisk("/tmp/q disk", 2, 1, 10, "qdisk")).toXml());
        Element q = (Element) d.getElementsByTagName("quorumd").item(0);
        assertEquals("/tmp/q disk", q.getAttribute("device"));
        assertEquals("2", q.getAttribute("votes"));
        assertEquals("1", q.getAttribute("interval"));
        assertEquals("10", q.getAttribute("tko"));
        assertEquals("qdisk", q.getAttribute("label"));
    }

    @Test
    void leavesOutTheNameWhenAskedAndEscapesValues() throws Exception {
        Element cluster = parse(threeNodes().withName(null).toXml()).getDocumentElement();
        assertFalse(cluster.hasAttribute("name"));
        assertEquals("a<b>&\"c\"", parse(threeNodes().withName("a<b>&\"c\"").toXml()).getDocumentElement().getAttribute("name"));
    }

    @Test
    void changesMembers() throws Exception {
        ClusterConfig c = threeNodes().withMember("node2", m -> m.withVotes(-1)).withoutMember("node3")
            .withMember(new ClusterConfig.Member("twin", 1, 1, null, null, "<fence/>"));
        assertEquals(-1, c.member("node2").votes());
        assertEquals(1, c.nodeVotes());
        Document d = parse(c.toXml());
        Element twin = (Element) d.getElementsByTagName("clusternode").item(2);
        assertEquals("twin", twin.getAttribute("name"));
        assertFalse(twin.hasAttribute("port"));
        assertEquals(1, twin.getElementsByTagName("fence").getLength());
        assertThrows(IllegalArgumentException.class, () -> c.withMember("nosuch", m -> m));
        assertTrue(threeNodes().withToken(null).toXml().indexOf("<totem") < 0);
    }
}
