package org.vigil.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vigil.api.config.ConfigProblem;
import org.vigil.api.config.ConfigurationException;

/** Collects every problem found in one file, so that all of them are reported at once. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** A problem with an element as a whole: reported at its start tag. */
    void add(XmlElement at, String reason) {
        add(at.line(), at.path(), reason);
    }

    /** A problem with one attribute: reported at the line the attribute is written on. */
    void add(XmlElement at, String attribute, String reason) {
        add(at.line(attribute), at.path(), reason);
    }

    void add(int line, String element, String reason) {
        found.add(new ConfigProblem(file, line, element, reason));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** @return the problems in document order (by line; as found within a line) */
    List<ConfigProblem> list() {
        List<ConfigProblem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        return List.copyOf(sorted);
    }

    ConfigurationException exception() {
        return new ConfigurationException(list());
    }

    static ConfigurationException single(String file, int line, String element, String reason) {
        Problems problems = new Problems(file);
        problems.add(line, element, reason);
        return problems.exception();
    }
}
