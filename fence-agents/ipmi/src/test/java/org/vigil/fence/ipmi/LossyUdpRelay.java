package org.vigil.fence.ipmi;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay on 127.0.0.1 in front of a BMC that drops every Nth datagram (both directions
 * counted together), to test retransmission against a real BMC.
 */
final class LossyUdpRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final DatagramSocket back;
    private final int dropEvery;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile SocketAddress client;
    private final Thread up;
    private final Thread down;

    /**
     * @param bmcPort   the BMC's port on 127.0.0.1
     * @param dropEvery drop every Nth datagram
     * @throws IOException when no socket can be had
     */
    LossyUdpRelay(int bmcPort, int dropEvery) throws IOException {
        this.dropEvery = dropEvery;
        InetAddress lo = InetAddress.getLoopbackAddress();
        front = new DatagramSocket(0, lo);
        back = new DatagramSocket(0, lo);
        back.connect(new InetSocketAddress(lo, bmcPort));
        up = new Thread(() -> pump(true), "relay-up");
        down = new Thread(() -> pump(false), "relay-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    int port() {
        return front.getLocalPort();
    }

    int dropped() {
        return dropped.get();
    }

    private void pump(boolean toBmc) {
        byte[] buf = new byte[2048];
        while (!front.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                (toBmc ? front : back).receive(p);
                if (toBmc) {
                    client = p.getSocketAddress();
                }
                if (count.incrementAndGet() % dropEvery == 0) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (toBmc) {
                    back.send(new DatagramPacket(p.getData(), p.getLength()));
                } else if (client != null) {
                    front.send(new DatagramPacket(p.getData(), p.getLength(), client));
                }
            } catch (IOException e) {
                if (front.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        front.close();
        back.close();
        try {
            up.join(2000);
            down.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
