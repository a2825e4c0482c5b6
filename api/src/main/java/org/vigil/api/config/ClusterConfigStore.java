package org.vigil.api.config;

import java.util.List;
import java.util.Optional;

/**
 * Where the running cluster configuration is kept. Always registered; when the file
 * was refused, {@link #current()} is empty and {@link #problems()} says why.
 */
public interface ClusterConfigStore {

    /** @return the running configuration, or empty when none could be loaded */
    Optional<ClusterConfiguration> current();

    /** @return why the configuration file was refused; empty when it was loaded */
    List<ConfigProblem> problems();

    /** @return the path of the configuration file, for people */
    String location();
}
