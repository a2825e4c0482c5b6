package org.vigil.itests.harness;

/**
 * Stands in for Karaf in {@link HarnessProcessTest}: a JVM that does nothing until it is
 * signalled (and spawns one child process, to check that whole trees are killed).
 */
public final class FakeKarafMain {

    private FakeKarafMain() {
    }

    /** Starts a child {@code sleep} and waits forever. */
    public static void main(String[] args) throws Exception {
        Process child = new ProcessBuilder("sleep", "600").start();
        System.out.println("fake karaf up, child " + child.pid());
        Thread.sleep(Long.MAX_VALUE);
    }
}
