package org.vigil.fence.ipmi;

/** The operations of Chassis Control (IPMI v2.0 section 28.3, netFn Chassis, command 02h). */
enum ChassisControl {
    /** Power down (hard off, no OS shutdown). */
    POWER_DOWN(0, "power down"),
    /** Power up. */
    POWER_UP(1, "power up"),
    /** Power cycle: off, an interval, on. */
    POWER_CYCLE(2, "power cycle"),
    /** Hard reset (the power stays on). */
    HARD_RESET(3, "hard reset");

    private final int code;
    private final String text;

    ChassisControl(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** @return the request's data byte */
    int code() {
        return code;
    }

    /** @return the operation for people */
    String text() {
        return text;
    }
}
