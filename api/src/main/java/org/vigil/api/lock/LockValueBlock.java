package org.vigil.api.lock;

import java.util.Arrays;

/**
 * The small block of data (32 bytes, as the DLM's LVB) kept with a resource and passed
 * between holders of PW/EX locks and later readers. A block is marked invalid when a
 * node that held it in PW or EX failed before writing it back.
 *
 * @param data  exactly {@value #SIZE} bytes
 * @param valid false when the content cannot be trusted after a failure
 */
public record LockValueBlock(byte[] data, boolean valid) {

    /** The size of a value block in bytes. */
    public static final int SIZE = 32;

    /** Checks and copies the data. */
    public LockValueBlock {
        if (data.length != SIZE) {
            throw new IllegalArgumentException("a lock value block holds " + SIZE + " bytes, got " + data.length);
        }
        data = data.clone();
    }

    /** @return a valid block of zeros */
    public static LockValueBlock empty() {
        return new LockValueBlock(new byte[SIZE], true);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockValueBlock other && valid == other.valid && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Boolean.hashCode(valid);
    }

    @Override
    public String toString() {
        return "LockValueBlock[valid=" + valid + ", data=" + Arrays.toString(data) + "]";
    }
}
