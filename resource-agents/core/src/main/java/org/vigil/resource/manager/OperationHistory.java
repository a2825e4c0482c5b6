package org.vigil.resource.manager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.vigil.api.resource.OperationRecord;

/** The last operations run on this node, oldest first, at most a given number. Thread-safe. */
final class OperationHistory {

    private final Deque<OperationRecord> records = new ArrayDeque<>();
    private volatile int capacity;

    /** @param capacity how many records are kept */
    OperationHistory(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /** @param capacity how many records are kept from now on */
    synchronized void capacity(int capacity) {
        this.capacity = Math.max(1, capacity);
        trim();
    }

    /** @param record one more operation */
    synchronized void add(OperationRecord record) {
        records.addLast(record);
        trim();
    }

    /** @return the records, oldest first */
    synchronized List<OperationRecord> list() {
        return new ArrayList<>(records);
    }

    private void trim() {
        while (records.size() > capacity) {
            records.removeFirst();
        }
    }
}
