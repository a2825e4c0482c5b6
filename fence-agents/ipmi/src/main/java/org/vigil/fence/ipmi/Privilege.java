package org.vigil.fence.ipmi;

import java.util.Locale;

/** IPMI session privilege levels (IPMI v2.0 table 22-15, "Channel Privilege Levels"). */
enum Privilege {
    /** Callback (1). */
    CALLBACK(1),
    /** User (2): may read the chassis status. */
    USER(2),
    /** Operator (3): may also control chassis power. */
    OPERATOR(3),
    /** Administrator (4). */
    ADMINISTRATOR(4);

    private final int level;

    Privilege(int level) {
        this.level = level;
    }

    /** @return the level's number on the wire */
    int level() {
        return level;
    }

    /**
     * @param name {@code administrator}, {@code operator} or {@code user} (case ignored)
     * @return the level
     * @throws IllegalArgumentException for anything else
     */
    static Privilege parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "administrator":
            case "admin":
                return ADMINISTRATOR;
            case "operator":
                return OPERATOR;
            case "user":
                return USER;
            default:
                throw new IllegalArgumentException("privlvl must be administrator, operator or user, not '"
                        + name + "'");
        }
    }
}
