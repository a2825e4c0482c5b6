package org.vigil.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DiskFormatTest {

    @Test
    void slotRoundTrip() {
        DiskFormat.Slot s = new DiskFormat.Slot(3, -42L, 17, 1_700_000_000_000L, true, 9, List.of(1, 3, 5));
        ByteBuffer b = s.encode();
        assertEquals(DiskFormat.BLOCK, b.remaining());
        assertEquals(Optional.of(s), DiskFormat.Slot.decode(b, 3));
    }

    @Test
    void tornBlankOrForeignSlotsAreIgnored() {
        ByteBuffer b = new DiskFormat.Slot(3, 1, 2, 3, false, 4, List.of(3)).encode();
        assertEquals(Optional.empty(), DiskFormat.Slot.decode(b.duplicate(), 4), "another node's slot");
        b.put(20, (byte) (b.get(20) ^ 1));
        assertEquals(Optional.empty(), DiskFormat.Slot.decode(b, 3), "a torn write fails the checksum");
        assertEquals(Optional.empty(), DiskFormat.Slot.decode(ByteBuffer.allocate(DiskFormat.BLOCK), 3));
    }

    @Test
    void aLongViewIsCut() {
        List<Integer> many = IntStream.rangeClosed(1, 200).boxed().toList();
        DiskFormat.Slot s = new DiskFormat.Slot(1, 1, 1, 1, false, 1, many);
        assertEquals(DiskFormat.MAX_VIEW, s.view().size());
        assertEquals(s, DiskFormat.Slot.decode(s.encode(), 1).orElseThrow());
    }

    @Test
    void header() {
        assertEquals(new DiskFormat.Ours("qdisk"), DiskFormat.decodeHeader(DiskFormat.encodeHeader("qdisk")));
        assertInstanceOf(DiskFormat.Blank.class, DiskFormat.decodeHeader(ByteBuffer.allocate(DiskFormat.BLOCK)));
        ByteBuffer junk = ByteBuffer.allocate(DiskFormat.BLOCK);
        junk.put("#!/bin/sh\necho hello\n".getBytes()).clear();
        DiskFormat.Header h = DiskFormat.decodeHeader(junk);
        assertInstanceOf(DiskFormat.Foreign.class, h);
        assertTrue(((DiskFormat.Foreign) h).what().contains("not a Vigil quorum disk"));
        String longLabel = "x".repeat(300);
        assertEquals(new DiskFormat.Ours(DiskFormat.storedLabel(longLabel)),
            DiskFormat.decodeHeader(DiskFormat.encodeHeader(longLabel)));
    }

    @Test
    void layout() {
        assertEquals(512, DiskFormat.slotOffset(1));
        assertEquals(6 * 512, DiskFormat.fileSize(4));
    }
}
