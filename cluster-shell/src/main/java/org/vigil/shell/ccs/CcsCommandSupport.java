package org.vigil.shell.ccs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.config.ClusterConfigUpdater;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigUpdateResult;

/**
 * What the {@code ccs:} commands share: the configuration services, reading files, and
 * printing an update's outcome (a refusal is thrown, so the command fails with every reason).
 */
public abstract class CcsCommandSupport implements Action {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Reference
    ClusterConfigStore configStore;

    @Reference
    ClusterConfigUpdater updater;

    /** @return the running configuration, or a failure saying why there is none */
    ClusterConfiguration requireConfiguration() throws ConfigRefusedException {
        return configStore.current().orElseThrow(() -> new ConfigRefusedException(
            configStore.problems().isEmpty() ? "no cluster configuration is loaded from " + configStore.location()
                : "cluster configuration " + configStore.location() + " was refused:\n" + lines(configStore.problems())));
    }

    static String lines(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).map(p -> "  " + p).collect(Collectors.joining("\n"));
    }

    /** Reads a file the command names, with a clear error when it cannot. */
    static byte[] read(String file) throws ConfigRefusedException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new ConfigRefusedException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigRefusedException(file + ": cannot read it: " + e.getMessage());
        }
    }

    /** Prints an accepted update (as ccs_tool: "running ccs_tool update..."), or throws the refusal. */
    void report(ConfigUpdateResult r) throws ConfigRefusedException {
        if (!r.accepted()) {
            throw new ConfigRefusedException("refused: " + r.reason() + (r.problems().isEmpty() ? "" : "\n" + lines(r.problems()))
                + "\nnothing changed; config_version " + r.version() + " stays");
        }
        System.out.println("running ccs:update...");
        System.out.println("config_version " + r.version() + ": " + r.reason());
        r.failed().forEach((node, why) -> System.out.println("  NOT on " + node + ": " + why));
    }

    static Map<String, Object> resultJson(ConfigUpdateResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", r.accepted());
        m.put("version", r.version());
        m.put("reason", r.reason());
        m.put("applied", r.applied());
        m.put("failed", r.failed());
        m.put("localOnly", r.localOnly());
        m.put("problems", r.problems().stream().map(ConfigProblem::toString).toList());
        return m;
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
