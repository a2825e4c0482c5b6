package org.vigil.resource.ocf;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * An OCF agent's name, {@code PROVIDER:TYPE} (e.g. {@code heartbeat:IPaddr2}), checked so that it
 * can only name a file directly in {@code OCF_ROOT/resource.d/PROVIDER/}: letters, digits, '.',
 * '_' and '-', not starting with '.' or '-'.
 *
 * @param provider the provider ({@code heartbeat}, {@code pacemaker}, ...)
 * @param type     the agent
 */
record OcfAgentName(String provider, String type) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /**
     * @param text {@code PROVIDER:TYPE}
     * @return the name
     * @throws IllegalArgumentException naming what is wrong
     */
    static OcfAgentName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("parameter agent is required (PROVIDER:TYPE, e.g. heartbeat:IPaddr2)");
        }
        String t = text.strip();
        if (t.startsWith("ocf:")) {
            t = t.substring(4); // Pacemaker's class:provider:type
        }
        int colon = t.indexOf(':');
        if (colon < 0 || colon != t.lastIndexOf(':')) {
            throw new IllegalArgumentException("agent '" + text + "' is not PROVIDER:TYPE (e.g. heartbeat:IPaddr2)");
        }
        String provider = t.substring(0, colon);
        String type = t.substring(colon + 1);
        if (!PART.matcher(provider).matches() || !PART.matcher(type).matches() || provider.contains("..")
            || type.contains("..")) {
            throw new IllegalArgumentException("agent '" + text + "' is not PROVIDER:TYPE made of letters, digits, '.', '_' "
                + "and '-' (no path)");
        }
        return new OcfAgentName(provider, type);
    }

    /**
     * @param ocfRoot OCF_ROOT
     * @return the agent's file
     */
    Path file(Path ocfRoot) {
        return ocfRoot.resolve("resource.d").resolve(provider).resolve(type);
    }

    @Override
    public String toString() {
        return provider + ":" + type;
    }
}
