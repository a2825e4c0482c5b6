package org.vigil.membership;

import java.util.BitSet;

/**
 * Accepts each sequence number of one sender incarnation at most once, within a window
 * of the most recent {@value #SIZE} (older ones are refused): a captured message cannot be
 * played again.
 */
final class ReplayWindow {

    static final int SIZE = 4096;

    private long incarnation;
    private long highest = -1;
    private final BitSet seen = new BitSet(SIZE);
    private boolean started;

    /** @return true when the message is new and must be handled */
    synchronized boolean accept(long senderIncarnation, long sequence) {
        if (!started || senderIncarnation != incarnation) {
            started = true;
            incarnation = senderIncarnation;
            highest = -1;
            seen.clear();
        }
        if (sequence <= highest - SIZE) {
            return false;
        }
        if (sequence > highest) {
            for (long s = Math.max(highest + 1, sequence - SIZE + 1); s <= sequence; s++) {
                seen.clear((int) Math.floorMod(s, SIZE));
            }
            highest = sequence;
        }
        int slot = (int) Math.floorMod(sequence, SIZE);
        if (seen.get(slot)) {
            return false;
        }
        seen.set(slot);
        return true;
    }
}
