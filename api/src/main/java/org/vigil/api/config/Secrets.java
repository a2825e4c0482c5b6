package org.vigil.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which configuration parameters are secrets, and how they are shown: a secret's value is
 * never logged or printed, it is shown as {@value #MASK}. A parameter is a secret when its
 * name (ignoring case) is one of {@link #SECRET_KEYS}, or contains {@code passw} or
 * {@code secret} (so {@code passwd}, {@code password}, {@code passwd_script},
 * {@code snmp_priv_passwd}, {@code ssh_passphrase}... are all masked). {@code community}
 * (the SNMP community string of a PDU) is a secret too.
 */
public final class Secrets {

    /** What a secret value is shown as. */
    public static final String MASK = "****";

    /** Parameter names that are secrets whatever their spelling suggests. */
    public static final Set<String> SECRET_KEYS = Set.of("passwd", "password", "passwd_script", "password_script",
        "community", "snmp_priv_passwd", "snmp_priv_passwd_script", "snmp_auth_passwd", "auth_key", "ssh_passphrase",
        "cluster_key", "token_secret");

    private Secrets() {
    }

    /**
     * @param key a parameter (attribute) name
     * @return whether its value must never be shown
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_KEYS.contains(k) || k.contains("passw") || k.contains("secret") || k.contains("passphrase");
    }

    /**
     * @param parameters parameters, in order
     * @return the same parameters in the same order, each secret's value replaced by {@value #MASK}
     */
    public static Map<String, String> masked(Map<String, String> parameters) {
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, isSecret(k) ? MASK : v));
        return Collections.unmodifiableMap(copy);
    }

    /** @return an unmodifiable copy that keeps the order of the given map */
    static Map<String, String> ordered(Map<String, String> attributes) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** @return true for {@code 1}, {@code yes}, {@code on}, {@code true}; the default when not written */
    static boolean flag(Map<String, String> attributes, String key, boolean byDefault) {
        String v = attributes.get(key);
        if (v == null) {
            return byDefault;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "on", "true" -> true;
            case "0", "no", "off", "false" -> false;
            default -> byDefault;
        };
    }
}
