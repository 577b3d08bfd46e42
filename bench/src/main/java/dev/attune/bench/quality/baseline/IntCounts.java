package dev.attune.bench.quality.baseline;

import java.util.Arrays;

/**
 * Counts keyed by non-negative int, open addressing with linear probing: the co-occurrence table
 * holds millions of pairs, which boxed maps would make several times larger and slower.
 */
final class IntCounts {

    private static final int EMPTY = -1;
    private int[] keys = new int[8];
    private int[] values = new int[8];
    private int size;

    IntCounts() {
        Arrays.fill(keys, EMPTY);
    }

    void increment(int key) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = find(keys, key);
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            size++;
        }
        values[slot]++;
    }

    int get(int key) {
        int slot = find(keys, key);
        return keys[slot] == EMPTY ? 0 : values[slot];
    }

    int size() {
        return size;
    }

    /** Calls {@code visitor} once per key with its count. */
    void forEach(Visitor visitor) {
        for (int s = 0; s < keys.length; s++) {
            if (keys[s] != EMPTY) {
                visitor.visit(keys[s], values[s]);
            }
        }
    }

    interface Visitor {
        void visit(int key, int count);
    }

    private static int find(int[] keys, int key) {
        int mask = keys.length - 1;
        int slot = (key * 0x9E3779B9) >>> 1 & mask;
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int s = 0; s < oldKeys.length; s++) {
            if (oldKeys[s] != EMPTY) {
                int slot = find(keys, oldKeys[s]);
                keys[slot] = oldKeys[s];
                values[slot] = oldValues[s];
            }
        }
    }
}
