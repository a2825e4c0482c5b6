package org.vigil.shell.ccs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.vigil.api.config.AgentCheck;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigurationException;

/** Checks a cluster.conf without changing anything: every problem, and a failure when there is one. */
@Service
@Command(scope = "ccs", name = "validate", description = "Checks a cluster.conf file and lists every problem (file, line, element, reason); fails when it is not valid")
public class ValidateCommand extends CcsCommandSupport {

    @Argument(index = 0, name = "file", description = "The cluster.conf to check", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--json", description = "Print JSON for scripts")
    boolean json;

    @Override
    public Object execute() throws Exception {
        byte[] content = read(file);
        ClusterConfiguration config;
        try {
            config = updater.parse(file, content);
        } catch (ConfigurationException e) {
            if (json) {
                System.out.println(toJson(result(false, e.problems(), null)));
            }
            throw new ConfigRefusedException(file + " is not valid: " + e.problems().size()
                + (e.problems().size() == 1 ? " problem" : " problems") + "\n" + lines(e.problems()));
        }
        AgentCheck agents = updater.checkAgents(config, file);
        if (!agents.errors().isEmpty()) {
            if (json) {
                System.out.println(toJson(result(false, agents.errors(), null)));
            }
            throw new ConfigRefusedException(file + " is not valid: " + agents.errors().size()
                + (agents.errors().size() == 1 ? " problem" : " problems") + " with the installed fence agents\n"
                + lines(agents.errors()));
        }
        String note = configStore.current()
            .filter(r -> r.configVersion() >= config.configVersion())
            .map(r -> "note: its config_version " + config.configVersion() + " is not newer than the running "
                + r.configVersion() + ": ccs:update would refuse it (ccs:import takes it as the next version)")
            .orElse(null);
        if (json) {
            Map<String, Object> ok = result(true, List.of(), note);
            ok.put("warnings", agents.warnings().stream().map(p -> Map.of("element", p.element(), "reason", p.reason())).toList());
            System.out.println(toJson(ok));
            return null;
        }
        System.out.println(file + ": valid: cluster " + config.name() + ", config_version " + config.configVersion() + ", "
            + config.nodes().size() + " nodes, " + config.fenceDevices().size() + " fence devices, "
            + config.resourceManager().services().size() + " services");
        if (note != null) {
            System.out.println(note);
        }
        agents.warnings().forEach(w -> System.out.println("warning: " + w.element() + ": " + w.reason()));
        return null;
    }

    private Map<String, Object> result(boolean valid, List<ConfigProblem> problems, String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("valid", valid);
        m.put("problems", problems.stream().map(p -> Map.of("line", p.line(), "element", p.element(), "reason", p.reason())).toList());
        if (note != null) {
            m.put("note", note);
        }
        return m;
    }
}
