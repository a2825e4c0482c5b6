package org.vigil.api.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was refused; every problem found is listed. */
public class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** @param problems every problem found, at least one */
    public ConfigurationException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
