package org.vigil.resource.ip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.resource.support.AgentFailure;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;

/**
 * The {@code ip} resource agent: a floating IPv4 or IPv6 address, as rgmanager's
 * {@code ip.sh} and ClusterLabs' {@code IPaddr2}. Start adds it as a secondary address with
 * {@code ip addr add} on the given interface or the one whose subnet contains it (with a
 * label for IPv4), after checking nobody else on the link answers for it ({@code arping -D};
 * for IPv6 the kernel's duplicate address detection), then announces it (gratuitous ARP with
 * iputils {@code arping -U}; unsolicited neighbour advertisements with ClusterLabs'
 * {@code send_ua}). Monitor: present and link up. Stop removes it. Commands run in the
 * node's network namespace.
 */
@Component(service = ResourceAgent.class, property = ResourceAgent.TYPE_PROPERTY + "=" + IpResourceAgent.TYPE)
public final class IpResourceAgent implements ResourceAgent {

    /** The resource type this agent serves. */
    public static final String TYPE = "ip";

    private static final Logger LOG = LoggerFactory.getLogger(IpResourceAgent.class);

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final ResourceAgentMetadata METADATA = new ResourceAgentMetadata(TYPE,
            "Floating IPv4/IPv6 address: added as a secondary address, announced by gratuitous ARP or "
                    + "unsolicited NA, refused when another host already answers for it",
            IpParameters.PARAMETERS,
            Map.of(ResourceOperation.START, Duration.ofSeconds(20), ResourceOperation.STOP, Duration.ofSeconds(20),
                    ResourceOperation.MONITOR, Duration.ofSeconds(20), ResourceOperation.VALIDATE,
                    Duration.ofSeconds(10)));

    private static final Pattern REPLY_FROM = Pattern.compile("reply from (\\S+) \\[([0-9A-Fa-f:]+)\\]");

    private final Commands commands;
    private final Map<String, Boolean> iputilsArping = new ConcurrentHashMap<>();
    /** Announcements still going out, by address: stop ends them, so no stale ARP follows a failover. */
    private final Map<String, Process> announcing = new ConcurrentHashMap<>();

    /** The agent in the node's own network namespace (what DS creates). */
    public IpResourceAgent() {
        this(new Commands());
    }

    /** @param commands how commands run (tests run them inside a network namespace) */
    IpResourceAgent(Commands commands) {
        this.commands = commands;
    }

    @Override
    public ResourceAgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout) {
        if (operation == null || resource == null) {
            return new OcfResult(OcfStatus.ERR_ARGS, "no operation or resource given");
        }
        Duration limit = timeout == null || timeout.isZero() || timeout.isNegative()
                ? METADATA.defaultTimeouts().getOrDefault(operation, DEFAULT_TIMEOUT) : timeout;
        Deadline deadline = Deadline.after(limit);
        OcfResult result;
        try {
            IpParameters p;
            try {
                p = IpParameters.parse(resource.parameters());
            } catch (IllegalArgumentException e) {
                throw new AgentFailure(OcfStatus.ERR_CONFIGURED, e.getMessage());
            }
            if (Commands.find("ip").isEmpty()) {
                throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: ip (package iproute2)");
            }
            result = switch (operation) {
                case START -> start(p, deadline);
                case STOP -> stop(p, deadline);
                case MONITOR -> monitor(p, deadline);
                case VALIDATE -> validate(p, deadline);
            };
        } catch (AgentFailure f) {
            result = f.result();
        }
        if (result.isSuccess() || result.status() == OcfStatus.NOT_RUNNING) {
            LOG.debug("ip {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        } else {
            LOG.warn("ip {} {}: {} {}", resource.name(), operation, result.status(), result.message());
        }
        return result;
    }

    // ---- operations

    private OcfResult validate(IpParameters p, Deadline d) throws AgentFailure {
        Target t = target(p, addresses(p, d), d);
        return new OcfResult(OcfStatus.SUCCESS, "valid: " + p.addressText() + "/" + t.prefix + " on " + t.iface);
    }

    private OcfResult monitor(IpParameters p, Deadline d) throws AgentFailure {
        List<InterfaceAddress> mine = present(p, addresses(p, d));
        if (mine.isEmpty()) {
            return new OcfResult(OcfStatus.NOT_RUNNING, p.addressText() + " is not on any interface");
        }
        InterfaceAddress a = mine.get(0);
        if (a.flags().contains("dadfailed")) {
            return new OcfResult(OcfStatus.ERR_GENERIC, p.addressText() + " on " + a.iface()
                    + " failed duplicate address detection: another host on the link uses it");
        }
        if (p.monitorLink()) {
            Link link = link(p, a.iface(), d);
            if (!link.up()) {
                return new OcfResult(OcfStatus.ERR_GENERIC, p.addressText() + " is on " + a.iface() + " but the "
                        + link.why());
            }
        }
        return new OcfResult(OcfStatus.SUCCESS, p.addressText() + "/" + a.prefix() + " is on " + a.iface()
                + (p.monitorLink() ? ", link up" : ""));
    }

    private OcfResult start(IpParameters p, Deadline d) throws AgentFailure {
        List<InterfaceAddress> all = addresses(p, d);
        Target t = target(p, all, d);
        List<InterfaceAddress> mine = present(p, all);
        for (InterfaceAddress a : mine) {
            if (!a.iface().equals(t.iface)) {
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot start " + p.addressText() + " on " + t.iface
                        + ": it is already configured on " + a.iface());
            }
        }
        if (!mine.isEmpty() && !mine.get(0).flags().contains("dadfailed")) {
            OcfResult now = monitor(p, d);
            return now.isSuccess() ? new OcfResult(OcfStatus.SUCCESS, "already running: " + now.message()) : now;
        }
        if (!mine.isEmpty()) { // left over from a start that failed duplicate address detection
            removeQuietly(p, t.iface, mine.get(0).prefix(), d);
        }
        Link link = link(p, t.iface, d);
        if (!link.up() && (p.monitorLink() || !link.flags().contains("UP"))) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot start " + p.addressText() + ": the " + link.why());
        }
        return p.ipv6() ? startV6(p, t, d) : startV4(p, t, d);
    }

    private OcfResult startV4(IpParameters p, Target t, Deadline d) throws AgentFailure {
        String addr = p.addressText();
        boolean needArping = p.duplicateCheck() || p.arpCount() > 0;
        String arping = needArping ? iputilsArping(d) : null;
        if (p.duplicateCheck()) {
            Commands.Result r = run(d, "duplicate check", arping, "-D", "-c", "2", "-w", "3", "-I", t.iface, addr);
            if (r.exitCode() == 1 && r.stdout().contains("reply from")) {
                Matcher m = REPLY_FROM.matcher(r.stdout());
                String who = m.find() ? " (answered by " + m.group(2) + ")" : "";
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "refusing to start " + addr + ": the address already "
                        + "answers on the link of " + t.iface + who + "; another host uses it (arping -D)");
            }
            if (!r.ok()) {
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot start " + addr + ": the duplicate check "
                        + "(arping -D) failed with exit code " + r.exitCode() + ": " + r.said());
            }
        }
        String label = t.label.orElse(null);
        List<String> add = new ArrayList<>(List.of("ip", "-4", "addr", "add", addr + "/" + t.prefix));
        if (t.prefix < 31) {
            add.addAll(List.of("brd", "+"));
        }
        add.addAll(List.of("dev", t.iface));
        if (label != null) {
            add.addAll(List.of("label", label));
        }
        Commands.Result r = run(d, "adding the address", add.toArray(String[]::new));
        if (!r.ok()) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot add " + addr + "/" + t.prefix + " to " + t.iface
                    + ": " + r.said());
        }
        String announce = p.arpCount() == 0 ? "" : announce(p, "gratuitous ARP", d, arping, "-U", "-c",
                String.valueOf(p.arpCount()), "-I", t.iface, addr);
        return confirmStarted(p, t, d, (label == null ? "" : " (label " + label + ")") + announce);
    }

    private OcfResult startV6(IpParameters p, Target t, Deadline d) throws AgentFailure {
        String addr = p.addressText();
        List<String> add = new ArrayList<>(List.of("ip", "-6", "addr", "add", addr + "/" + t.prefix, "dev", t.iface));
        if (!p.duplicateCheck()) {
            add.add("nodad");
        }
        Commands.Result r = run(d, "adding the address", add.toArray(String[]::new));
        if (!r.ok()) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot add " + addr + "/" + t.prefix + " to " + t.iface
                    + ": " + r.said());
        }
        // Duplicate address detection: the kernel marks the address tentative until it is sure
        // nobody else uses it, and dadfailed when somebody does.
        while (true) {
            List<InterfaceAddress> mine = present(p, addresses(p, d));
            Optional<InterfaceAddress> a = mine.stream().filter(x -> x.iface().equals(t.iface)).findFirst();
            if (a.isEmpty()) {
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot start " + addr + ": it vanished from "
                        + t.iface + " during duplicate address detection");
            }
            if (a.get().flags().contains("dadfailed")) {
                removeQuietly(p, t.iface, t.prefix, d);
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "refusing to start " + addr + ": the address already "
                        + "answers on the link of " + t.iface + "; another host uses it (IPv6 duplicate address "
                        + "detection failed); removed it again");
            }
            if (!a.get().flags().contains("tentative")) {
                break;
            }
            if (d.expired() || !d.sleep(100)) {
                removeQuietly(p, t.iface, t.prefix, Deadline.after(Duration.ofSeconds(5)));
                throw new AgentFailure(OcfStatus.TIMED_OUT, "start of " + addr + " timed out after " + d.totalText()
                        + " waiting for IPv6 duplicate address detection on " + t.iface + "; removed it again");
            }
        }
        String announce = "";
        if (p.arpCount() > 0) {
            Optional<java.nio.file.Path> sendUa = Commands.find("send_ua");
            if (sendUa.isEmpty()) {
                announce = "; warning: no unsolicited neighbour advertisement sent: send_ua (package resource-agents)"
                        + " is not installed, neighbours learn the address late";
            } else {
                announce = announce(p, "unsolicited neighbour advertisement", d, sendUa.get().toString(), "-i",
                        "200", "-c", String.valueOf(p.arpCount()), addr, String.valueOf(t.prefix), t.iface);
            }
        }
        return confirmStarted(p, t, d, announce);
    }

    /**
     * Announces the address to the neighbours, in the background (start does not wait for
     * arping's one-second intervals) or, with {@code arp_bg=0}, before start returns.
     *
     * @return the words for the start message
     */
    private String announce(IpParameters p, String what, Deadline d, String... command) {
        String addr = p.addressText();
        String n = p.arpCount() + " " + what + (p.arpCount() > 1 ? "s" : "");
        if (p.arpBackground()) {
            Optional<Process> bg = commands.background(Duration.ofSeconds(p.arpCount() + 5L), command);
            if (bg.isEmpty()) {
                return "; warning: could not start " + command[0] + ", neighbours learn the address late";
            }
            Process proc = bg.get();
            announcing.put(addr, proc);
            proc.onExit().thenAccept(done -> {
                announcing.remove(addr, done);
                int code = done.exitValue();
                if (code != 0 && code != 137 && code != 143) {
                    LOG.warn("ip {}: announcing it ({}) failed with exit code {}: neighbours learn the address late",
                            addr, command[0], code);
                }
            });
            return ", sending " + n + " in the background";
        }
        Commands.Result g = commands.run(d, command);
        return g.ok() ? ", sent " + n
                : "; warning: " + what + " failed (" + g.said() + "), neighbours learn the address late";
    }

    /** Checks a start took effect; otherwise takes the address away again. */
    private OcfResult confirmStarted(IpParameters p, Target t, Deadline d, String details) throws AgentFailure {
        OcfResult now = monitor(p, d);
        if (!now.isSuccess()) {
            removeQuietly(p, t.iface, t.prefix, Deadline.after(Duration.ofSeconds(5)));
            throw new AgentFailure(now.status() == OcfStatus.NOT_RUNNING ? OcfStatus.ERR_GENERIC : now.status(),
                    "start of " + p.addressText() + " did not take effect: " + now.message());
        }
        if (details.contains("warning")) {
            LOG.warn("ip {}: {}", p.addressText(), details);
        }
        return new OcfResult(OcfStatus.SUCCESS, "added " + p.addressText() + "/" + t.prefix + " to " + t.iface
                + details);
    }

    private OcfResult stop(IpParameters p, Deadline d) throws AgentFailure {
        Process announcer = announcing.remove(p.addressText());
        if (announcer != null) {
            announcer.descendants().forEach(ProcessHandle::destroyForcibly);
            announcer.destroyForcibly();
        }
        List<InterfaceAddress> mine = present(p, addresses(p, d));
        if (mine.isEmpty()) {
            return new OcfResult(OcfStatus.SUCCESS, p.addressText() + " was not configured: nothing to remove");
        }
        List<String> from = new ArrayList<>();
        for (InterfaceAddress a : mine) {
            Commands.Result r = run(d, "removing the address", "ip", p.ipv6() ? "-6" : "-4", "addr", "del",
                    p.addressText() + "/" + a.prefix(), "dev", a.iface());
            if (!r.ok()) {
                throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot remove " + p.addressText() + " from "
                        + a.iface() + ": " + r.said());
            }
            from.add(a.iface());
        }
        List<InterfaceAddress> left = present(p, addresses(p, d));
        if (!left.isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, p.addressText() + " is still on " + left.get(0).iface()
                    + " after ip addr del");
        }
        d.sleep(p.sleepTime().toMillis());
        return new OcfResult(OcfStatus.SUCCESS, "removed " + p.addressText() + " from " + String.join(", ", from));
    }

    // ---- helpers

    /** Where the address goes: interface, prefix, label. */
    private record Target(String iface, int prefix, Optional<String> label) {
    }

    private Target target(IpParameters p, List<InterfaceAddress> all, Deadline d) throws AgentFailure {
        String addr = p.addressText();
        String iface;
        Integer prefix = p.prefix().orElse(null);
        if (p.iface().isPresent()) {
            iface = p.iface().get();
            Commands.Result r = run(d, "reading the interface", "ip", "-o", "link", "show", "dev", iface);
            if (!r.ok()) {
                throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "interface " + iface + " for " + addr
                        + " does not exist on this node (" + r.said() + ")");
            }
            if (prefix == null) {
                prefix = all.stream().filter(a -> a.iface().equals(iface) && !a.address().equals(p.address())
                                && a.subnetContains(p.address())).map(InterfaceAddress::prefix).findFirst()
                        .orElseThrow(() -> new AgentFailure(OcfStatus.ERR_CONFIGURED, "no prefix for " + addr
                                + ": give prefix= or address=" + addr + "/N (no address on " + iface
                                + " is in a subnet containing it)"));
            }
        } else {
            Optional<InterfaceAddress> match = all.stream()
                    .filter(a -> !a.address().equals(p.address()) && !a.flags().contains("dadfailed")
                            && !a.address().isLoopbackAddress() && !a.address().isLinkLocalAddress()
                            && a.subnetContains(p.address()))
                    .findFirst();
            if (match.isEmpty()) {
                throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "no interface for " + addr + ": no interface has an "
                        + (p.ipv6() ? "IPv6" : "IPv4") + " address in a subnet containing it (give interface=)");
            }
            iface = match.get().iface();
            if (prefix == null) {
                prefix = match.get().prefix();
            }
        }
        Optional<String> label = p.label();
        if (label.isPresent() && !label.get().startsWith(iface)) {
            throw new AgentFailure(OcfStatus.ERR_CONFIGURED, "label " + label.get() + " must start with the interface "
                    + "name " + iface);
        }
        if (label.isEmpty() && !p.ipv6()) {
            byte[] b = p.address().getAddress();
            String l = iface + ":" + (b[3] & 0xff);
            label = l.length() <= 15 ? Optional.of(l) : Optional.empty();
        }
        return new Target(iface, prefix, label);
    }

    private List<InterfaceAddress> addresses(IpParameters p, Deadline d) throws AgentFailure {
        Commands.Result r = run(d, "listing addresses", "ip", "-o", p.ipv6() ? "-6" : "-4", "addr", "show");
        if (!r.ok()) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot list addresses (ip addr show): " + r.said());
        }
        return InterfaceAddress.parse(r.stdout());
    }

    private static List<InterfaceAddress> present(IpParameters p, List<InterfaceAddress> all) {
        return all.stream().filter(a -> a.address().equals(p.address())).toList();
    }

    private Link link(IpParameters p, String iface, Deadline d) throws AgentFailure {
        Commands.Result r = run(d, "reading the link", "ip", "-o", "link", "show", "dev", iface);
        if (!r.ok()) {
            throw new AgentFailure(OcfStatus.ERR_GENERIC, "cannot read the link of " + iface + " for "
                    + p.addressText() + ": " + r.said());
        }
        return Link.parse(iface, r.stdout());
    }

    private void removeQuietly(IpParameters p, String iface, int prefix, Deadline d) {
        Commands.Result r = commands.run(d, "ip", p.ipv6() ? "-6" : "-4", "addr", "del", p.addressText() + "/" + prefix,
                "dev", iface);
        if (!r.ok()) {
            LOG.warn("ip {}: could not remove it from {} after a failed start: {}", p.addressText(), iface, r.said());
        }
    }

    /** @return the path of iputils' arping (Debian's other arping cannot detect duplicates) */
    private String iputilsArping(Deadline d) throws AgentFailure {
        Optional<java.nio.file.Path> arping = Commands.find("arping");
        if (arping.isEmpty()) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: arping (package iputils-arping)");
        }
        String path = arping.get().toString();
        boolean iputils = iputilsArping.computeIfAbsent(path, k -> {
            Commands.Result r = new Commands().run(d, k, "-V");
            return (r.stdout() + r.stderr()).contains("iputils");
        });
        if (!iputils) {
            throw new AgentFailure(OcfStatus.ERR_INSTALLED, "not installed: " + path + " is not iputils' arping "
                    + "(package iputils-arping); the other arping cannot detect duplicate addresses");
        }
        return path;
    }

    private Commands.Result run(Deadline d, String step, String... command) throws AgentFailure {
        Commands.Result r = commands.run(d, command);
        if (r.timedOut()) {
            throw new AgentFailure(OcfStatus.TIMED_OUT, "timed out after " + d.totalText() + " while " + step + " ("
                    + command[0] + " killed)");
        }
        return r;
    }
}
