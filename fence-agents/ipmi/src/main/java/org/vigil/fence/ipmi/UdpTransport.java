package org.vigil.fence.ipmi;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** UDP to a BMC: a socket connected to it, so only its datagrams are received. */
final class UdpTransport implements Transport {
    private static final int MAX_DATAGRAM = 1024;
    private final DatagramSocket socket;
    private final byte[] buffer = new byte[MAX_DATAGRAM];

    /**
     * @param bmc the BMC's address and port (resolved)
     * @throws IOException when no socket can be had
     */
    UdpTransport(InetSocketAddress bmc) throws IOException {
        DatagramSocket s = new DatagramSocket();
        try {
            s.connect(bmc);
        } catch (RuntimeException | IOException e) {
            s.close();
            throw e;
        }
        this.socket = s;
    }

    @Override
    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length));
    }

    @Override
    public byte[] receive(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Override
    public void close() {
        socket.close();
    }
}
