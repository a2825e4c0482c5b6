package org.vigil.membership;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes and reads envelopes, each followed by its HMAC under the cluster key. */
final class EnvelopeCodec {

    private static final int MAGIC = 0x56474d53; // "VGMS"
    private static final byte VERSION = 1;

    private final ClusterKey key;

    EnvelopeCodec(ClusterKey key) {
        this.key = key;
    }

    byte[] encode(Envelope e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + e.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(e.kind().ordinal());
            out.writeUTF(e.from());
            out.writeUTF(e.to());
            out.writeUTF(e.topic());
            out.writeLong(e.incarnation());
            out.writeLong(e.sequence());
            out.writeLong(e.correlation());
            out.writeInt(e.payload().length);
            out.write(e.payload());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return key.sign(bytes.toByteArray());
    }

    Envelope decode(byte[] data) throws RefusedException {
        if (data == null) {
            throw new RefusedException("empty message");
        }
        int bodyLength = key.verify(data, data.length);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, bodyLength))) {
            if (in.readInt() != MAGIC || in.readByte() != VERSION) {
                throw new RefusedException("not a Vigil message of version " + VERSION);
            }
            int kind = in.readUnsignedByte();
            if (kind >= Envelope.Kind.values().length) {
                throw new RefusedException("unknown message kind " + kind);
            }
            String from = in.readUTF();
            String to = in.readUTF();
            String topic = in.readUTF();
            long incarnation = in.readLong();
            long sequence = in.readLong();
            long correlation = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > bodyLength) {
                throw new RefusedException("malformed message");
            }
            byte[] payload = in.readNBytes(n);
            return new Envelope(Envelope.Kind.values()[kind], from, to, topic, incarnation, sequence, correlation, payload);
        } catch (IOException ex) {
            throw new RefusedException("malformed message");
        }
    }
}
