package org.vigil.membership;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes and reads heartbeat datagrams, each followed by its HMAC under the cluster key. */
final class HeartbeatCodec {

    private static final int MAGIC = 0x56474842; // "VGHB"
    private static final byte VERSION = 1;
    static final int MAX_DATAGRAM = 4096;

    private final ClusterKey key;

    HeartbeatCodec(ClusterKey key) {
        this.key = key;
    }

    byte[] encode(Heartbeat hb) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(hb.leaving() ? 1 : 0);
            out.writeUTF(hb.clusterName());
            out.writeUTF(hb.nodeName());
            out.writeInt(hb.nodeId());
            out.writeLong(hb.incarnation());
            out.writeLong(hb.startedAt());
            out.writeLong(hb.sequence());
            out.writeLong(hb.viewGeneration());
            writeIds(out, hb.viewMembers());
            writeIds(out, hb.alive());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return key.sign(bytes.toByteArray());
    }

    /**
     * Authenticates and decodes a datagram.
     *
     * @throws RefusedException when it is not ours: bad MAC (another key), or malformed
     */
    Heartbeat decode(byte[] datagram, int length) throws RefusedException {
        int bodyLength = key.verify(datagram, length);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(datagram, 0, bodyLength))) {
            if (in.readInt() != MAGIC || in.readByte() != VERSION) {
                throw new RefusedException("not a Vigil heartbeat of version " + VERSION);
            }
            boolean leaving = in.readByte() == 1;
            String cluster = in.readUTF();
            String node = in.readUTF();
            int nodeId = in.readInt();
            long incarnation = in.readLong();
            long startedAt = in.readLong();
            long sequence = in.readLong();
            long generation = in.readLong();
            List<Integer> view = List.copyOf(readIds(in, new ArrayList<>()));
            Set<Integer> alive = Set.copyOf(readIds(in, new HashSet<>()));
            return new Heartbeat(cluster, node, nodeId, incarnation, startedAt, sequence, leaving, generation, view, alive);
        } catch (IOException | IllegalArgumentException e) {
            throw new RefusedException("malformed heartbeat");
        }
    }

    private static void writeIds(DataOutputStream out, Collection<Integer> ids) throws IOException {
        out.writeShort(ids.size());
        for (int id : ids) {
            out.writeInt(id);
        }
    }

    private static <C extends Collection<Integer>> C readIds(DataInputStream in, C ids) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            ids.add(in.readInt());
        }
        return ids;
    }
}
