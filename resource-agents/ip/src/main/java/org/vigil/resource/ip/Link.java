package org.vigil.resource.ip;

import java.util.Set;

/**
 * The state of an interface's link, as {@code ip -o link show dev IF} gives it.
 *
 * @param iface the interface
 * @param flags its flags ({@code UP}, {@code LOWER_UP}, {@code NO-CARRIER}, ...)
 * @param state the operational state ({@code UP}, {@code DOWN}, {@code UNKNOWN}, ...)
 */
record Link(String iface, Set<String> flags, String state) {

    /** @return true when the interface is up and has carrier */
    boolean up() {
        return flags.contains("UP") && flags.contains("LOWER_UP");
    }

    /** @return why the link is not up, for messages */
    String why() {
        if (!flags.contains("UP")) {
            return "interface " + iface + " is administratively down";
        }
        return "link of " + iface + " is down (no carrier" + (state.isEmpty() ? "" : ", state " + state) + ")";
    }

    /**
     * @param iface  the interface asked for
     * @param output {@code ip -o link show dev IF} output
     * @return the link
     */
    static Link parse(String iface, String output) {
        int lt = output.indexOf('<');
        int gt = output.indexOf('>', lt + 1);
        Set<String> flags = lt >= 0 && gt > lt ? Set.copyOf(java.util.Arrays.asList(output.substring(lt + 1, gt).split(","))) : Set.of();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bstate (\\S+)").matcher(output);
        return new Link(iface, flags, m.find() ? m.group(1) : "");
    }
}
