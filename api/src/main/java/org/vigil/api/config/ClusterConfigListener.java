package org.vigil.api.config;

/** Told when a new configuration is running. Register as an OSGi service (whiteboard). */
@FunctionalInterface
public interface ClusterConfigListener {

    /**
     * @param current the configuration now running
     */
    void configurationChanged(ClusterConfiguration current);
}
