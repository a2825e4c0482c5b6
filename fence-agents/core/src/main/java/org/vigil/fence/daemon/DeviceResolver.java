package org.vigil.fence.daemon;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigElement;
import org.vigil.api.config.FenceDevice;
import org.vigil.api.config.FenceDeviceRef;
import org.vigil.api.config.FenceMethod;
import org.vigil.api.fence.FenceAction;

/**
 * Turns a node's {@code <fence>} methods (and its {@code <unfence>} devices) into resolved
 * {@link Level}s: merged parameters, plug, action, delay and timeout, and the agent route.
 * Pure: the installed agent types are an input.
 */
final class DeviceResolver {

    private final ClusterConfiguration config;
    private final Set<String> installed;
    private final String localNode;
    private final Duration defaultTimeout;

    DeviceResolver(ClusterConfiguration config, Set<String> installed, String localNode, Duration defaultTimeout) {
        this.config = config;
        this.installed = Set.copyOf(installed);
        this.localNode = localNode;
        this.defaultTimeout = defaultTimeout;
    }

    /**
     * @param node      the node to fence
     * @param requested OFF, or REBOOT (then each device's own {@code action="off"} still wins)
     * @return its levels in order; empty when it has no fence methods
     */
    List<Level> levels(String node, FenceAction requested) {
        List<Level> levels = new ArrayList<>();
        int n = 0;
        for (FenceMethod m : config.fenceMethods(node)) {
            n++;
            List<DeviceStep> steps = new ArrayList<>();
            for (FenceDeviceRef ref : m.devices()) {
                steps.add(step(ref.name(), ref.parameters(), requested));
            }
            levels.add(new Level(n, m.name(), steps));
        }
        return levels;
    }

    /**
     * The devices of the node's {@code <unfence>} section (RHCS: {@code <unfence><device name=
     * action="on"/></unfence>}), kept by the configuration as an unmodelled child of the node.
     *
     * @param node the node
     * @return the devices to turn on when the node joins; empty when none
     */
    List<DeviceStep> unfence(String node) {
        ConfigElement layout = config.layout().nodes().get(node);
        if (layout == null) {
            return List.of();
        }
        List<DeviceStep> steps = new ArrayList<>();
        for (ConfigElement c : layout.children()) {
            if (!c.name().equals("unfence")) {
                continue;
            }
            for (ConfigElement d : c.children()) {
                if (!d.name().equals("device")) {
                    continue;
                }
                Map<String, String> p = new LinkedHashMap<>(d.attributes());
                String name = p.remove("name");
                String action = p.getOrDefault("action", "on").strip().toLowerCase(Locale.ROOT);
                if (action.equals("on") || action.equals("enable")) {
                    steps.add(step(name == null ? "" : name, p, FenceAction.ON));
                }
            }
        }
        return steps;
    }

    /**
     * @param device a configured device name
     * @return the device alone (no node parameters), e.g. for {@code fence:status}
     */
    Optional<DeviceStep> device(String device) {
        return config.fenceDevice(device).map(d -> step(device, Map.of(), FenceAction.STATUS));
    }

    private DeviceStep step(String deviceName, Map<String, String> nodeParameters, FenceAction requested) {
        Optional<FenceDevice> found = config.fenceDevice(deviceName);
        if (found.isEmpty()) {
            return new DeviceStep(deviceName, new AgentRouting.Route("", false, Map.of(), "no fence device named '"
                + deviceName + "' in <fencedevices>"), Map.of(), null, requested, Duration.ZERO, defaultTimeout,
                "no fence device named '" + deviceName + "' in <fencedevices>");
        }
        FenceDevice d = found.get();
        Map<String, String> p = new LinkedHashMap<>(d.parameters());
        p.putAll(nodeParameters);
        String port = p.remove("port");
        String plugAttr = p.remove("plug");
        String plug = port != null && !port.isBlank() ? port : plugAttr != null && !plugAttr.isBlank() ? plugAttr : null;
        String action = p.remove("action");
        String delay = p.remove("delay");
        String timeout = p.get("timeout");
        AgentRouting.Route route = AgentRouting.route(d.agent(), installed, localNode);
        p.putAll(route.extra());

        List<String> problems = new ArrayList<>();
        Duration delayValue = seconds(delay, "delay", deviceName, problems).orElse(Duration.ZERO);
        Duration timeoutValue = seconds(timeout, "timeout", deviceName, problems).filter(t -> !t.isZero())
            .orElse(defaultTimeout);
        FenceAction effective = requested;
        if (requested == FenceAction.REBOOT && action != null && action.strip().equalsIgnoreCase("off")) {
            effective = FenceAction.OFF;
        }
        return new DeviceStep(deviceName, route, p, plug, effective, delayValue, timeoutValue,
            problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static Optional<Duration> seconds(String value, String what, String device, List<String> problems) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            BigDecimal s = new BigDecimal(value.strip());
            if (s.signum() < 0) {
                problems.add(what + " '" + value + "' of device " + device + " is negative");
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(s.movePointRight(3).longValue()));
        } catch (NumberFormatException e) {
            problems.add(what + " '" + value + "' of device " + device + " is not a number of seconds");
            return Optional.empty();
        }
    }
}
