package org.vigil.resource.nfs;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.resource.support.MountTable;

/** Reads parameter values, collecting every problem instead of stopping at the first. */
final class Params {
    private final Map<String, String> values;
    private final List<String> problems = new java.util.ArrayList<>();

    Params(Map<String, String> values) {
        this.values = values;
    }

    /** @return the trimmed value, or null when not given */
    String get(String name) {
        String s = values.get(name);
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** @return the value; a problem when missing */
    String required(String name) {
        String v = get(name);
        if (v == null) {
            problems.add(name + " is required");
        }
        return v;
    }

    /** @return the value as an absolute normalized path; a problem when it is not one */
    String path(String name, boolean required) {
        String v = required ? required(name) : get(name);
        if (v == null) {
            return null;
        }
        if (!v.startsWith("/")) {
            problems.add(name + " '" + v + "' is not an absolute path");
            return null;
        }
        return MountTable.normalize(v);
    }

    /** @return 1/0, yes/no, true/false, on/off; a problem otherwise */
    boolean bool(String name, boolean dflt) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> {
                return true;
            }
            case "0", "no", "false", "off" -> {
                return false;
            }
            default -> {
                problems.add(name + " '" + v + "' is not 1 or 0");
                return dflt;
            }
        }
    }

    /** @return the value as an integer in [min, max]; a problem otherwise */
    int integer(String name, int dflt, int min, int max) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
            problems.add(name + " " + i + " is not between " + min + " and " + max);
        } catch (NumberFormatException e) {
            problems.add(name + " '" + v + "' is not a number");
        }
        return dflt;
    }

    /** @return the value when it is one of {@code allowed} (case-insensitive, returned lower case) */
    String oneOf(String name, String dflt, String... allowed) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        problems.add(name + " '" + v + "' is not one of " + String.join(", ", allowed));
        return dflt;
    }

    /** Adds a problem. */
    void problem(String text) {
        problems.add(text);
    }

    /**
     * @param type the resource type, for the message
     * @throws IllegalArgumentException listing every problem, when there is one
     */
    void check(String type) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + type + " resource parameters: " + String.join("; ", problems));
        }
    }
}
