package org.vigil.itests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void handsOutDistinctFreePortsBelowTheEphemeralRange() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int p = Ports.freeTcpAndUdp();
            assertTrue(seen.add(p), "port handed out twice: " + p);
            assertTrue(p < Ports.ephemeralStart(), p + " is in the ephemeral range");
            assertTrue(Ports.tcpFree(p) && Ports.udpFree(p));
        }
        assertEquals(50, seen.size());
    }

    @Test
    void seesABoundPort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("0.0.0.0", 0));
            assertFalse(Ports.tcpFree(s.getLocalPort()));
        }
    }
}
