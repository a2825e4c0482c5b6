package org.vigil.quorum;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Positional access to the quorum disk's file, so tests can put their own in between. */
interface DiskIo extends Closeable {

    /**
     * Reads up to {@code buffer.remaining()} bytes at a position; fewer at the end of the file.
     *
     * @param position where to read from
     * @param buffer   where to put the bytes
     * @throws IOException when the disk cannot be read
     */
    void read(long position, ByteBuffer buffer) throws IOException;

    /**
     * Writes all of the buffer at a position and forces it to the storage.
     *
     * @param position where to write
     * @param buffer   the bytes
     * @throws IOException when the disk cannot be written
     */
    void write(long position, ByteBuffer buffer) throws IOException;

    /**
     * @return the size of the file in bytes
     * @throws IOException when it cannot be told
     */
    long size() throws IOException;

    /** Opens the quorum disk; called again after a failure. */
    @FunctionalInterface
    interface Opener {

        /**
         * @return the opened disk
         * @throws IOException when it cannot be opened (or created)
         */
        DiskIo open() throws IOException;
    }
}
