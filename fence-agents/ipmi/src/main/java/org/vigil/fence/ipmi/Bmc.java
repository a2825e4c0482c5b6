package org.vigil.fence.ipmi;

import org.vigil.api.fence.PowerState;

/** The two things fencing asks of a BMC; {@link SessionBmc} over IPMI, fakes in tests. */
interface Bmc extends AutoCloseable {

    /**
     * @return the chassis power state as the BMC reports it now (ON or OFF)
     * @throws IpmiException when it cannot be read
     */
    PowerState status() throws IpmiException;

    /**
     * @param control what to do
     * @throws IpmiException when the BMC does not accept it
     */
    void control(ChassisControl control) throws IpmiException;

    /** Ends the session, if any. */
    @Override
    void close();
}
