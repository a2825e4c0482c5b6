package org.vigil.api.config;

/**
 * One reason a configuration was refused.
 *
 * @param file    the file
 * @param line    the line in the file, 0 when unknown
 * @param element where in the document, e.g. {@code /cluster/clusternodes/clusternode[2]}
 * @param reason  what is wrong, for people
 */
public record ConfigProblem(String file, int line, String element, String reason) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + element + ": " + reason;
    }
}
