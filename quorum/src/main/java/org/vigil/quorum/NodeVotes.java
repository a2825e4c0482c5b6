package org.vigil.quorum;

/**
 * One configured node as the vote count sees it.
 *
 * @param nodeId the node id
 * @param name   the node name, for reasons
 * @param votes  its votes (0 or more)
 */
record NodeVotes(int nodeId, String name, int votes) {

    @Override
    public String toString() {
        return name + "(" + nodeId + ")";
    }
}
