package org.vigil.resource.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.config.ClusterConfReader;

/** The resources of {@code <rm>} as the manager names and types them. */
class ConfiguredResourcesTest {

    static ClusterConfiguration conf(int version, String rm) throws Exception {
        String xml = "<?xml version=\"1.0\"?><cluster name=\"t\" config_version=\"" + version + "\"><clusternodes>"
            + "<clusternode name=\"n1\" nodeid=\"1\" votes=\"1\"/></clusternodes><rm>" + rm + "</rm></cluster>";
        return new ClusterConfReader().read("test.conf", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sharedAndInlineResourcesOnceEachWithRgmanagerNamesAndAliases() throws Exception {
        ClusterConfiguration c = conf(1, """
            <resources>
              <ip address="192.168.41.222" monitor_link="1"/>
              <script file="/etc/rc.d/init.d/httpd" name="webserver" monitor_interval="30"/>
              <netfs export="/web/htdocs" fstype="nfs" host="192.168.41.134" mountpoint="/var/www/html" name="webstore"/>
              <clusterfs device="/dev/vg/lv" fstype="gfs2" mountpoint="/gfs2" name="mygfs"/>
              <nfsexport name="exp"/>
            </resources>
            <service autostart="1" name="webservice" recovery="restart">
              <ip ref="192.168.41.222"><script ref="webserver"/></ip>
              <netfs ref="webstore"/>
              <fs device="/dev/sdb1" mountpoint="/data" fstype="ext4">
                <ocf name="dummy" agent="heartbeat:Dummy"/>
              </fs>
            </service>
            <service name="other"><clusterfs ref="mygfs"/><ip ref="192.168.41.222"/></service>
            """);
        Map<String, ConfiguredResource> r = ConfiguredResources.of(c);
        assertEquals(List.of("ip:192.168.41.222", "script:webserver", "netfs:webstore", "clusterfs:mygfs", "nfsexport:exp",
            "fs:webservice/3", "ocf:dummy"), List.copyOf(r.keySet()));
        assertEquals("ip", r.get("ip:192.168.41.222").instance().type());
        assertEquals("nfs", r.get("netfs:webstore").instance().type());
        assertEquals("gfs2", r.get("clusterfs:mygfs").instance().type());
        assertEquals("nfsserver", r.get("nfsexport:exp").instance().type());
        assertEquals("ocf", r.get("ocf:dummy").instance().type());
        assertEquals("fs", r.get("fs:webservice/3").instance().type());
        assertEquals(Map.of("file", "/etc/rc.d/init.d/httpd", "name", "webserver"),
            r.get("script:webserver").instance().parameters());
        assertEquals(java.time.Duration.ofSeconds(30), r.get("script:webserver").settings().monitorInterval().orElseThrow());
        assertTrue(r.values().stream().allMatch(x -> x.problems().isEmpty()));
    }

    @Test
    void aBadManagerAttributeRefusesTheResourceWithTheReason() throws Exception {
        Map<String, ConfiguredResource> r = ConfiguredResources.of(conf(1,
            "<resources><script name=\"a\" file=\"/bin/true\" start_timeout=\"soon\"/></resources>"));
        assertEquals(List.of("start_timeout: 'soon' is not a duration (seconds, or with a unit: 500ms, 30s, 2m, 1h)"),
            r.get("script:a").problems());
    }
}
