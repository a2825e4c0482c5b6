package org.vigil.fence.ilo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server an iLO test double controls: "powered on" is a real {@code sleep 600} process
 * running, "powered off" is that process killed. Power changes take effect after a delay, as on
 * real hardware, so the agent has to poll; a lying server accepts every command and changes nothing.
 */
final class SimulatedServer implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-server-power");
        t.setDaemon(true);
        return t;
    });
    private final List<String> events = new ArrayList<>();
    private Process node;
    private volatile boolean lying;
    private volatile long delayMillis = 300;
    private volatile long cycleOffMillis = 600;

    /** @return a server that is powered on */
    static SimulatedServer poweredOn() throws IOException {
        SimulatedServer s = new SimulatedServer();
        s.start();
        return s;
    }

    /** Accept every command, change nothing. */
    void lie() {
        lying = true;
    }

    /** @param millis how long a power change takes */
    void delay(long millis) {
        delayMillis = millis;
    }

    synchronized boolean isOn() {
        return node != null && node.isAlive();
    }

    /** @return the running node process, or null */
    synchronized Process node() {
        return node;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized void record(String event) {
        events.add(event);
    }

    /** The power button held: off after the delay. */
    void forceOff() {
        record("off");
        if (!lying) {
            timer.schedule(this::kill, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The power button pressed while off: on after the delay. */
    void powerOn() {
        record("on");
        if (!lying) {
            timer.schedule(this::startQuietly, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** A cold reset: off now, on again after a while. */
    void cycle() {
        record("cycle");
        if (!lying) {
            timer.execute(this::kill);
            timer.schedule(this::startQuietly, cycleOffMillis, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void kill() {
        if (node != null) {
            node.destroyForcibly();
            try {
                node.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startQuietly() {
        try {
            start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void start() throws IOException {
        if (!isOn()) {
            node = new ProcessBuilder("sleep", "600").start();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        kill();
    }
}
