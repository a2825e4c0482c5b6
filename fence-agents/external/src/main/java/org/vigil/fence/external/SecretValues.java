package org.vigil.fence.external;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which parameters of ClusterLabs fence agents are secret, and scrubbing their values out of
 * what an agent printed before it goes into a message or a log.
 */
final class SecretValues {
    /** What replaces a secret. */
    static final String MASK = "****";

    /** Secret names found in the metadata of the fence-agents package (4.x). */
    private static final Set<String> NAMES = Set.of("passwd", "password", "community", "hexadecimal_kg",
            "secret_key", "apikey", "api_key", "token", "access_key", "auth_token", "client_secret");

    private final List<String> values;

    private SecretValues(List<String> values) {
        this.values = values;
    }

    /**
     * @param name a parameter name, e.g. {@code passwd}, {@code snmp_priv_passwd}, {@code community}
     * @return whether its value is a secret: passwords (but not the scripts that print them),
     *         SNMP communities, IPMI Kg keys, API keys and tokens (but not the files holding them)
     */
    static boolean isSecret(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        if (NAMES.contains(n)) {
            return true;
        }
        if (n.endsWith("_script") || n.endsWith("_file") || n.endsWith("_path")) {
            return false;
        }
        return n.endsWith("_passwd") || n.endsWith("_password") || n.endsWith("_secret") || n.endsWith("_token")
                || n.contains("passwd") || n.contains("password");
    }

    /**
     * @param parameters a device's parameters
     * @return the values of its secret parameters, longest first (so a secret containing another is
     *         masked whole)
     */
    static SecretValues of(Map<String, String> parameters) {
        List<String> v = new ArrayList<>();
        parameters.forEach((k, val) -> {
            if (isSecret(k) && val != null && !val.isEmpty()) {
                v.add(val);
                // fencing.py strips one pair of double quotes around a value: mask the inner text too
                if (val.length() > 2 && val.startsWith("\"") && val.endsWith("\"")) {
                    v.add(val.substring(1, val.length() - 1));
                }
            }
        });
        v.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretValues(List.copyOf(v));
    }

    /**
     * @param text what an agent printed (or anything built from it)
     * @return the text with every secret value replaced by {@value #MASK}
     */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (String v : values) {
            s = s.replace(v, MASK);
        }
        return s;
    }
}
