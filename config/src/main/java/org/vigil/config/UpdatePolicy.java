package org.vigil.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.vigil.api.config.ClusterConfiguration;
import org.vigil.api.config.ConfigProblem;

/**
 * The decisions of the update protocol, as pure functions: whether a proposal may become the
 * next version and which version it gets; and what a node does when it finds the
 * coordinator's version differs from its own.
 */
final class UpdatePolicy {

    private UpdatePolicy() {
    }

    /** The answer to a proposal: accepted as {@code version}, or refused with a reason. */
    record Decision(boolean accepted, long version, String reason, List<ConfigProblem> problems) {
        static Decision accept(long version) {
            return new Decision(true, version, "", List.of());
        }

        static Decision refuse(String reason) {
            return new Decision(false, 0, reason, List.of());
        }

        static Decision refuse(String reason, List<ConfigProblem> problems) {
            return new Decision(false, 0, reason, problems);
        }
    }

    /**
     * @param kind      the kind of proposal
     * @param proposed  the proposed configuration (for an edit: still carrying its base version;
     *                  for a rollback: the old version's content)
     * @param base      for an edit, the version it was made from
     * @param problems  every validation problem of the proposed configuration
     * @param running   the running configuration, if any
     * @param inCluster whether the node decides for a running cluster (not a lone file edit)
     * @return accepted with the version to give it, or refused with why
     */
    static Decision decide(Proposal.Kind kind, ClusterConfiguration proposed, long base, List<ConfigProblem> problems,
                           Optional<ClusterConfiguration> running, boolean inCluster) {
        if (!problems.isEmpty()) {
            return Decision.refuse("the configuration does not validate: " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        OptionalLong runningVersion = running.map(c -> OptionalLong.of(c.configVersion())).orElse(OptionalLong.empty());
        if (inCluster && running.isPresent() && !running.get().name().equals(proposed.name())) {
            return Decision.refuse("the cluster name cannot change while the cluster runs: running "
                + running.get().name() + ", proposed " + proposed.name());
        }
        if (inCluster && proposed.nodes().isEmpty()) {
            return Decision.refuse("a running cluster's configuration must keep at least one clusternode");
        }
        long version;
        switch (kind) {
            case EDIT -> {
                if (runningVersion.isPresent() && runningVersion.getAsLong() != base) {
                    return Decision.refuse("configuration changed meanwhile: running version is "
                        + runningVersion.getAsLong() + ", your change was made on " + base);
                }
                version = base + 1;
            }
            case ROLLBACK -> {
                if (runningVersion.isEmpty()) {
                    return Decision.refuse("no configuration is running to roll back from");
                }
                version = runningVersion.getAsLong() + 1;
            }
            case UPDATE, OFFER -> {
                version = proposed.configVersion();
                if (runningVersion.isPresent() && version <= runningVersion.getAsLong()) {
                    return Decision.refuse("config_version " + version + " is not newer than the running config_version "
                        + runningVersion.getAsLong() + ": an update must increase it");
                }
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        return Decision.accept(version);
    }

    /** What a node does after comparing its version with the coordinator's. */
    enum CatchUp {
        /** Same version and content: nothing. */
        NOTHING,
        /** The coordinator's is newer: fetch it and install it. */
        FETCH,
        /** Same version, different content (edited apart): the cluster's copy wins; fetch it. */
        FETCH_CONFLICT,
        /** This node's is newer (edited while alone): offer it; the highest valid version wins. */
        OFFER
    }

    /**
     * @param mine         this node's running version, empty when it has none
     * @param myDigest     the digest of this node's document
     * @param theirs       the coordinator's running version
     * @param theirDigest  the digest of the coordinator's document
     * @return what to do
     */
    static CatchUp catchUp(OptionalLong mine, String myDigest, long theirs, String theirDigest) {
        if (mine.isEmpty() || mine.getAsLong() < theirs) {
            return CatchUp.FETCH;
        }
        if (mine.getAsLong() > theirs) {
            return CatchUp.OFFER;
        }
        return myDigest.equals(theirDigest) ? CatchUp.NOTHING : CatchUp.FETCH_CONFLICT;
    }
}
