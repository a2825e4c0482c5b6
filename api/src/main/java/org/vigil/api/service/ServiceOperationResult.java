package org.vigil.api.service;

import java.util.Optional;

/**
 * The outcome of an operator's verb.
 *
 * @param success whether it did what was asked
 * @param owner   where the service runs afterwards
 * @param message a sentence for people ("service:web is now running on node2", or why not)
 */
public record ServiceOperationResult(boolean success, Optional<String> owner, String message) {
}
