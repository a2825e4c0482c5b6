package org.vigil.fence.ipmi;

import java.io.Closeable;
import java.io.IOException;

/** Datagrams to and from one BMC. */
interface Transport extends Closeable {

    /**
     * @param datagram what to send
     * @throws IOException when it cannot be sent
     */
    void send(byte[] datagram) throws IOException;

    /**
     * Waits for one datagram from the BMC.
     *
     * @param timeoutMillis how long to wait at most (at least 1)
     * @return the datagram, or null when none came in time
     * @throws java.net.PortUnreachableException when an ICMP port unreachable came back
     * @throws IOException on other errors
     */
    byte[] receive(long timeoutMillis) throws IOException;

    /** Closes without throwing. */
    @Override
    void close();
}
