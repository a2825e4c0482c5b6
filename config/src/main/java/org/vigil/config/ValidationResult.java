package org.vigil.config;

import java.util.List;
import org.vigil.api.config.ConfigProblem;

/**
 * What a validation found: errors refuse the configuration, warnings do not (e.g.
 * "not checked: agent fence_ipmilan not installed").
 *
 * @param errors   every error, in the order found
 * @param warnings every warning, in the order found
 */
public record ValidationResult(List<ConfigProblem> errors, List<ConfigProblem> warnings) {

    /** Copies the lists. */
    public ValidationResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** @return whether there is no error (warnings allowed) */
    public boolean ok() {
        return errors.isEmpty();
    }
}
