package org.vigil.fence.pdu;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's plug as written in {@code cluster.conf}: one or more outlets separated by commas,
 * each an outlet number ("3") or an outlet name ("db1-psu-a"), e.g. "1,2" for a server with two
 * power supplies. A token made only of digits is a number, as in fence_apc_snmp.
 *
 * @param tokens the outlets as written, trimmed, in order
 */
record PlugSpec(List<String> tokens) {

    /** Copies the list. */
    PlugSpec {
        tokens = List.copyOf(tokens);
    }

    /**
     * @param plug the plug argument
     * @return it split
     * @throws PduException when it is missing or has an empty or zero outlet
     */
    static PlugSpec parse(String plug) throws PduException {
        if (plug == null || plug.isBlank()) {
            throw new PduException("no plug given: the pdu agent needs the outlet number or name "
                    + "(port=\"...\" on the node's device)");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : plug.split(",", -1)) {
            String t = raw.trim();
            if (t.isEmpty()) {
                throw new PduException("plug '" + plug + "' has an empty outlet (outlets are separated by commas)");
            }
            if (isNumber(t)) {
                if (t.length() > 6 || Integer.parseInt(t) < 1) {
                    throw new PduException("plug '" + plug + "': outlet number " + t + " is out of range "
                            + "(outlets are numbered from 1)");
                }
            }
            if (!tokens.contains(t)) {
                tokens.add(t);
            }
        }
        return new PlugSpec(tokens);
    }

    /**
     * @param token one outlet of the plug
     * @return whether it is an outlet number
     */
    static boolean isNumber(String token) {
        return !token.isEmpty() && token.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** @return whether any outlet is given by name (the names table must be read) */
    boolean hasNames() {
        return tokens.stream().anyMatch(t -> !isNumber(t));
    }
}
