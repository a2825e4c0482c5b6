package org.vigil.api.config;

import java.util.List;
import java.util.Map;

/**
 * What became of a configuration update.
 *
 * @param accepted  whether the update is now the running configuration
 * @param version   the version it runs as; when refused, the version still running (0 when none)
 * @param reason    a sentence for people: why refused, or where it was written
 * @param problems  when refused because it does not validate: every problem
 * @param applied   the nodes that run the new version (in the order they answered)
 * @param failed    nodes that could not take it, with why (e.g. a full disk): they keep the old one
 * @param localOnly true when only this node's file was changed (not running in a cluster)
 */
public record ConfigUpdateResult(boolean accepted, long version, String reason, List<ConfigProblem> problems,
                                 List<String> applied, Map<String, String> failed, boolean localOnly) {

    /** Copies the lists and map. */
    public ConfigUpdateResult {
        problems = List.copyOf(problems);
        applied = List.copyOf(applied);
        failed = Map.copyOf(failed);
    }

    /**
     * @param running  the version still running
     * @param reason   why refused
     * @param problems every validation problem, if that is why
     * @return a refusal
     */
    public static ConfigUpdateResult refused(long running, String reason, List<ConfigProblem> problems) {
        return new ConfigUpdateResult(false, running, reason, problems, List.of(), Map.of(), false);
    }
}
