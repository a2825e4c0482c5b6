package org.vigil.itests.harness;

import java.util.List;

/**
 * Where and how a node runs: the address it gets and the command prefix that puts its
 * processes in their network context. The harness asks the launcher for every command it
 * runs for a node ({@code bin/karaf server}, {@code bin/stop}).
 *
 * <p>{@link #loopback()} runs every node on 127.0.0.1 of this host; {@link NetnsLauncher} runs
 * each in its own network namespace on a bridged LAN (PEERS.md). The harness finds a node's JVM among the launched process's descendants, so a prefix
 * that forks (instead of exec-ing) works too.
 */
public interface NodeLauncher extends AutoCloseable {

    /**
     * @param index the node's number in its harness, from 1, in creation order
     * @return the address the node binds (cluster port, ssh) and that peers and the harness use
     */
    String address(int index);

    /** Called once per node before its files are written: create what it needs (a namespace...). */
    default void prepare(Node node) {
    }

    /** @return this host's address as the nodes see it (where peers such as BMCs listen for them) */
    default String hostAddress() {
        return "127.0.0.1";
    }

    /** Called before every start of the node (its machine powers on and boots). */
    default void beforeStart(Node node) {
    }

    /**
     * @return the command that takes the node's machine off the network when its BMC cuts the
     *     power (run after its process is killed), or empty when killing the process is enough
     */
    default List<String> powerOff(Node node) {
        return List.of();
    }

    /** @return {@code command} wrapped to run in the node's context (unchanged on loopback) */
    default List<String> wrap(Node node, List<String> command) {
        return command;
    }

    /** Releases what {@link #prepare} made; called when the harness closes, after its processes are gone. */
    @Override
    default void close() {
    }

    /** @return the launcher that runs every node on this host's loopback address */
    static NodeLauncher loopback() {
        return index -> "127.0.0.1";
    }
}
