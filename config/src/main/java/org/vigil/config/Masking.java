package org.vigil.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigElement;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.config.ResourceDefinition;
import org.vigil.api.config.ResourceManager;
import org.vigil.api.config.Secrets;
import org.vigil.api.config.ServiceDefinition;
import org.vigil.api.config.XmlLayout;

/** A copy of a configuration with every secret ({@link Secrets}) replaced by {@value Secrets#MASK}: for display. */
final class Masking {

    private Masking() {
    }

    static ClusterConfiguration masked(ClusterConfiguration c) {
        Map<String, List<FenceMethod>> methods = new LinkedHashMap<>();
        c.fenceMethods().forEach((node, list) -> methods.put(node, list.stream().map(Masking::method).toList()));
        List<FenceDevice> devices = c.fenceDevices().stream()
            .map(d -> new FenceDevice(Secrets.masked(d.attributes()), elements(d.extra()))).toList();
        ResourceManager rm = c.resourceManager();
        ResourceManager maskedRm = new ResourceManager(Secrets.masked(rm.attributes()), rm.failoverDomains(),
            resources(rm.resources()), rm.services().stream()
                .map(s -> new ServiceDefinition(Secrets.masked(s.attributes()), resources(s.resources()))).toList(),
            elements(rm.extra()));
        XmlLayout l = c.layout();
        Map<String, ConfigElement> nodes = new LinkedHashMap<>();
        l.nodes().forEach((name, e) -> nodes.put(name, element(e)));
        XmlLayout layout = new XmlLayout(Secrets.masked(l.clusterAttributes()), elements(l.sections()), nodes);
        return new ClusterConfiguration(c.name(), c.configVersion(), c.nodes(), c.quorum(), c.totem(), c.quorumDisk(),
            methods, devices, maskedRm, layout);
    }

    private static FenceMethod method(FenceMethod m) {
        return new FenceMethod(m.attributes(), m.devices().stream()
            .map(d -> new FenceDeviceRef(Secrets.masked(d.attributes()), elements(d.extra()))).toList(), elements(m.extra()));
    }

    private static List<ResourceDefinition> resources(List<ResourceDefinition> rs) {
        return rs.stream().map(r -> new ResourceDefinition(r.type(), Secrets.masked(r.attributes()), resources(r.children())))
            .toList();
    }

    private static List<ConfigElement> elements(List<ConfigElement> es) {
        return es.stream().map(Masking::element).toList();
    }

    private static ConfigElement element(ConfigElement e) {
        return new ConfigElement(e.name(), Secrets.masked(e.attributes()), elements(e.children()));
    }
}
