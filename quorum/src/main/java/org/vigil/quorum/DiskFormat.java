package org.vigil.quorum;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The quorum disk's layout: 512-byte blocks, big-endian. Block 0 is the header; block
 * {@code n} is the slot node {@code n} writes its heartbeat into; one spare block ends the file.
 *
 * <pre>
 * header: 0 magic "VIGILQDK" (8) | 8 version (4) | 12 block size (4) | 16 label length (4) | 20 label (UTF-8)
 * slot:   0 magic "VQDS" (4) | 4 node id (4) | 8 incarnation (8) | 16 counter (8) | 24 wall time ms (8)
 *         | 32 flags (4; bit 0: claims mastership) | 36 view generation (8) | 44 member count (4)
 *         | 48 member ids (4 each)
 * both:   508 CRC-32 of bytes 0..507 (4)
 * </pre>
 */
final class DiskFormat {

    static final int BLOCK = 512;
    static final int VERSION = 1;
    static final int MAX_LABEL = 128;
    static final int MAX_VIEW = (BLOCK - 48 - 4) / 4;

    private static final long HEADER_MAGIC = 0x564947494c51444bL;
    private static final int SLOT_MAGIC = 0x56514453;
    private static final int CRC_AT = BLOCK - 4;
    private static final int CLAIMS_MASTER = 1;

    private DiskFormat() {
    }

    /** @return the offset of a node's slot */
    static long slotOffset(int nodeId) {
        return (long) nodeId * BLOCK;
    }

    /** @return the file size that holds slots up to that node id and a spare block */
    static long fileSize(int maxNodeId) {
        return (long) (maxNodeId + 2) * BLOCK;
    }

    /**
     * One node's heartbeat.
     *
     * @param nodeId         the writer's node id (also the slot number)
     * @param incarnation    a number that changes each time the writer starts
     * @param counter        increases with every write
     * @param wallTime       the writer's clock at the write, ms since the epoch, for people
     * @param claimsMaster   the writer claims mastership of the disk
     * @param viewGeneration the writer's membership view generation
     * @param view           the writer's membership view: node ids
     */
    record Slot(int nodeId, long incarnation, long counter, long wallTime, boolean claimsMaster, long viewGeneration,
                List<Integer> view) {

        Slot {
            view = List.copyOf(view.size() > MAX_VIEW ? view.subList(0, MAX_VIEW) : view);
        }

        ByteBuffer encode() {
            ByteBuffer b = ByteBuffer.allocate(BLOCK);
            b.putInt(SLOT_MAGIC).putInt(nodeId).putLong(incarnation).putLong(counter).putLong(wallTime)
                .putInt(claimsMaster ? CLAIMS_MASTER : 0).putLong(viewGeneration).putInt(view.size());
            view.forEach(b::putInt);
            return seal(b);
        }

        /**
         * @param block  one 512-byte block
         * @param nodeId the slot's node id
         * @return the slot, or empty when the block is blank, torn or not that node's
         */
        static Optional<Slot> decode(ByteBuffer block, int nodeId) {
            if (block.remaining() < BLOCK || !sealed(block)) {
                return Optional.empty();
            }
            ByteBuffer b = block.slice();
            if (b.getInt() != SLOT_MAGIC || b.getInt() != nodeId) {
                return Optional.empty();
            }
            long incarnation = b.getLong();
            long counter = b.getLong();
            long wallTime = b.getLong();
            boolean claims = (b.getInt() & CLAIMS_MASTER) != 0;
            long generation = b.getLong();
            int count = b.getInt();
            if (count < 0 || count > MAX_VIEW) {
                return Optional.empty();
            }
            List<Integer> view = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                view.add(b.getInt());
            }
            return Optional.of(new Slot(nodeId, incarnation, counter, wallTime, claims, generation, view));
        }
    }

    /** What block 0 holds. */
    sealed interface Header permits Blank, Ours, Foreign {
    }

    /** Nothing written yet. */
    record Blank() implements Header {
    }

    /** A Vigil quorum disk header. */
    record Ours(String label) implements Header {
    }

    /** Something else. */
    record Foreign(String what) implements Header {
    }

    static ByteBuffer encodeHeader(String label) {
        byte[] l = storedLabel(label).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(BLOCK);
        b.putLong(HEADER_MAGIC).putInt(VERSION).putInt(BLOCK).putInt(l.length).put(l);
        return seal(b);
    }

    /** @return the label as the header keeps it: at most {@value #MAX_LABEL} bytes of UTF-8 */
    static String storedLabel(String label) {
        String l = label;
        while (l.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL) {
            l = l.substring(0, l.length() - 1);
        }
        return l;
    }

    static Header decodeHeader(ByteBuffer block) {
        ByteBuffer b = block.slice();
        boolean blank = true;
        for (int i = 0; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                blank = false;
                break;
            }
        }
        if (blank) {
            return new Blank();
        }
        if (b.limit() < BLOCK || b.getLong(0) != HEADER_MAGIC) {
            return new Foreign("it is not a Vigil quorum disk (no VIGILQDK header)");
        }
        if (!sealed(b)) {
            return new Foreign("its header is damaged (checksum)");
        }
        int version = b.getInt(8);
        if (version != VERSION || b.getInt(12) != BLOCK) {
            return new Foreign("its format version " + version + " is not " + VERSION);
        }
        int n = b.getInt(16);
        if (n < 0 || n > MAX_LABEL) {
            return new Foreign("its header is damaged (label length)");
        }
        byte[] l = new byte[n];
        b.position(20);
        b.get(l);
        return new Ours(new String(l, StandardCharsets.UTF_8));
    }

    private static ByteBuffer seal(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, CRC_AT);
        b.putInt(CRC_AT, (int) crc.getValue());
        b.position(0).limit(BLOCK);
        return b;
    }

    private static boolean sealed(ByteBuffer block) {
        byte[] bytes = new byte[CRC_AT];
        block.slice().get(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return block.getInt(block.position() + CRC_AT) == (int) crc.getValue();
    }
}
