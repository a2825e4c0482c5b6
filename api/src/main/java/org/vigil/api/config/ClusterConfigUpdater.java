package org.vigil.api.config;

import java.util.List;

/**
 * Changes the cluster configuration: an update made on any node is validated (every problem
 * listed), numbered, written atomically on every live node (the replaced file kept as
 * {@code cluster.conf.bak.N}) and then running there; {@link ClusterConfigListener}s are told
 * on each node. Updates are serialised by the coordinator (the oldest member) and need
 * quorum; two concurrent updates never both win. On a node that is not running in a cluster
 * (membership not started, like RHCS with cman stopped) an update changes this node's file
 * only, and the result says so. Also gives the document forms the shell needs.
 */
public interface ClusterConfigUpdater {

    /**
     * An update whose {@code config_version} is given (as {@code ccs_tool update FILE}): it must be
     * newer than the running one.
     *
     * @param proposed the whole new configuration
     * @param change   what was done, for the history (e.g. {@code "update /tmp/new.conf"})
     * @return accepted with the new version, or refused with the reasons
     */
    ConfigUpdateResult update(ClusterConfiguration proposed, String change);

    /**
     * The same for a document: refused with the reader's problems when it does not parse.
     *
     * @param source   what to call the document in problems (a file name)
     * @param document the cluster.conf XML
     * @param change   what was done, for the history
     * @return accepted with the new version, or refused with the reasons
     */
    ConfigUpdateResult update(String source, byte[] document, String change);

    /**
     * An edit of the running configuration (as {@code ccs_tool addnode}): {@code edited} was made
     * from the running configuration whose {@code config_version} it still carries; it becomes the
     * next version. Refused when another update came first ("configuration changed meanwhile").
     *
     * @param edited the edited configuration, still carrying the version it was made from
     * @param change what was done, for the history (e.g. {@code "addnode node4"})
     * @return accepted with the new version, or refused with the reasons
     */
    ConfigUpdateResult edit(ClusterConfiguration edited, String change);

    /**
     * Makes an earlier version's content the next version.
     *
     * @param version a version kept as a backup ({@link #history()})
     * @return accepted with the new version, or refused with the reasons
     */
    ConfigUpdateResult rollback(long version);

    /**
     * Writes the skeleton {@code ccs_tool create} writes (cluster name, version 1, empty sections),
     * on this node only; refused when the file exists.
     *
     * @param clusterName the cluster name
     * @return accepted with version 1, or refused with the reason
     */
    ConfigUpdateResult create(String clusterName);

    /** @return the versions this node knows, newest first: the running one and the backups kept */
    List<ConfigVersionInfo> history();

    /**
     * @param source   what to call the document in problems
     * @param document cluster.conf XML
     * @return the configuration it holds
     * @throws ConfigurationException with every problem when it is refused
     */
    ClusterConfiguration parse(String source, byte[] document) throws ConfigurationException;

    /**
     * @param config a configuration
     * @param source what to call it in problems
     * @return every problem of the configuration as a whole; empty when valid
     */
    List<ConfigProblem> validate(ClusterConfiguration config, String source);

    /**
     * Checks every fence device's parameters against the metadata of its agent, when that agent
     * is installed on this node; devices whose agent is not installed here are listed as
     * warnings ("not checked: agent X not installed"). Updates are refused on errors.
     *
     * @param config a configuration
     * @param source what to call it in problems
     * @return the errors (unknown or malformed parameters, a required one missing) and warnings
     */
    default AgentCheck checkAgents(ClusterConfiguration config, String source) {
        return new AgentCheck(List.of(), List.of());
    }

    /**
     * @param config       a configuration
     * @param maskSecrets  true for display (secrets as {@value Secrets#MASK}); false for a file
     * @return the cluster.conf XML
     */
    String toXml(ClusterConfiguration config, boolean maskSecrets);

    /**
     * @param config a configuration
     * @return its JSON form, secrets masked
     */
    String toJson(ClusterConfiguration config);
}
