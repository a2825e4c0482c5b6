package org.vigil.fence.testpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The peers start for real, answer, copy their scripts executable, and leave nothing behind. */
class PeersTest {

    @Test
    void ipmiSimAnswersAndItsScriptsAreExecutableCopies() {
        Path work;
        try (IpmiSim sim = IpmiSim.start()) {
            work = sim.work();
            assertTrue(sim.port() > 0);
            for (String s : new String[] {"chassis.sh", "chassis-lying.sh", "start.sh", "stop.sh"}) {
                Path f = work.resolve("sim").resolve(s);
                assertTrue(Files.isExecutable(f), f + " not executable");
            }
        }
        assertFalse(Files.exists(work), "work directory left behind: " + work);
    }

    @Test
    void apcPduAnswersAndItsKillHookSwitchesANodeOff() throws Exception {
        Path work;
        try (ApcPdu pdu = ApcPdu.start()) {
            work = pdu.work();
            for (String s : new String[] {"apc_pdu.py", "apc_pdu_lying.py", "hook-kill.sh", "start.sh", "stop.sh"}) {
                assertTrue(Files.isExecutable(work.resolve("pdu").resolve(s)), s + " not executable");
            }
            assertEquals(8, pdu.outletsOn().size(), pdu.outlets());
            pdu.installKillHook();
            Process node = pdu.startNode(3);
            Process hook = new ProcessBuilder(work.resolve("state/hook").toString(), "3", "off").start();
            assertEquals(0, hook.waitFor());
            assertTrue(node.waitFor(5, TimeUnit.SECONDS), "the node on outlet 3 still runs");
            assertTrue(pdu.hookLog().get(0).endsWith(" outlet 3 off"), pdu.hookLog().toString());
        }
        assertFalse(Files.exists(work), "work directory left behind: " + work);
    }
}
