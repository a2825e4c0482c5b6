package org.vigil.quorum;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The quorum disk as a file (or block device) opened for positional reads and forced writes. */
final class FileDiskIo implements DiskIo {

    private final FileChannel channel;

    private FileDiskIo(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens the file, creating it when missing (its directory must exist).
     *
     * @param path the file
     * @return the opened disk
     * @throws IOException when it cannot be opened or created
     */
    static FileDiskIo open(Path path) throws IOException {
        return new FileDiskIo(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE));
    }

    @Override
    public void read(long position, ByteBuffer buffer) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }

    @Override
    public void write(long position, ByteBuffer buffer) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        channel.force(false);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
