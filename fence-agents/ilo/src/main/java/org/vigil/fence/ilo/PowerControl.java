package org.vigil.fence.ilo;

import org.vigil.api.fence.PowerState;

/** The power of the server behind one iLO, by one protocol, for one action. */
interface PowerControl {

    /**
     * @return ON or OFF as the iLO reads it now
     * @throws IloException when it cannot be read
     */
    PowerState status() throws IloException;

    /**
     * Asks for an immediate (not graceful) power off. Only "accepted": the caller confirms.
     *
     * @throws IloException when the iLO refuses or cannot be reached
     */
    void powerOff() throws IloException;

    /**
     * Asks for power on. Only "accepted": the caller confirms.
     *
     * @throws IloException when the iLO refuses or cannot be reached
     */
    void powerOn() throws IloException;

    /**
     * Asks for one immediate reset (off, then on).
     *
     * @throws IloException when the iLO refuses or cannot be reached
     */
    void powerCycle() throws IloException;

    /** @return the command names for messages, e.g. {@code ForceOff} or {@code HOLD_PWR_BTN} */
    String offCommand();

    /** @return the power-on command's name for messages */
    String onCommand();

    /** @return the reset command's name for messages */
    String cycleCommand();
}
