package org.vigil.fence.ipmi;

import org.vigil.fence.testpeers.IpmiSim;

/** Hex strings for test vectors (spaces ignored). */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String h) {
        return IpmiSim.hex(h.replace(" ", ""));
    }

    static String of(byte[] b) {
        return Ipmi.hex(b);
    }
}
