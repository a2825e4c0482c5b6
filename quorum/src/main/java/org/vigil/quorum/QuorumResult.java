package org.vigil.quorum;

import java.util.List;
import org.vigil.api.quorum.QuorumState;

/**
 * The outcome of one quorum calculation.
 *
 * @param state    the quorum state to publish
 * @param memory   what to carry to the next calculation
 * @param warnings options of the configuration that were ignored and why (for the log)
 */
record QuorumResult(QuorumState state, QuorumMemory memory, List<String> warnings) {

    QuorumResult {
        warnings = List.copyOf(warnings);
    }
}
