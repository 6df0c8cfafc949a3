package org.wsss.algo.crf;

import java.util.Arrays;

/**
 * Open-addressing hash table from packed lattice keys (non-negative longs, see {@link LatticeKeyLayout}) to dense
 * vertex indices 0, 1, 2, ... in order of first insertion. Linear probing keeps the probes within a cache line
 * or two; the table doubles when half full.
 */
final class LatticeHashTable {

    private static final long EMPTY = -1L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long[] slotKeys;
    private int[] slotVertices;
    private int shift;
    private int mask;
    private long[] vertexKeys;
    private int size;

    LatticeHashTable(int expectedVertices) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedVertices) * 2 - 1) << 1;
        allocateSlots(capacity);
        vertexKeys = new long[Math.max(16, expectedVertices)];
    }

    int size() {
        return size;
    }

    long keyOf(int vertex) {
        return vertexKeys[vertex];
    }

    /** The vertex of {@code key}, or -1 when it was never inserted. */
    int find(long key) {
        int slot = slotOf(key);
        while (true) {
            long stored = slotKeys[slot];
            if (stored == key) {
                return slotVertices[slot];
            }
            if (stored == EMPTY) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The vertex of {@code key}, inserting it with the next free index when absent. */
    int findOrInsert(long key) {
        int slot = slotOf(key);
        while (true) {
            long stored = slotKeys[slot];
            if (stored == key) {
                return slotVertices[slot];
            }
            if (stored == EMPTY) {
                return insertAt(slot, key);
            }
            slot = (slot + 1) & mask;
        }
    }

    private int insertAt(int slot, long key) {
        int vertex = size++;
        if (vertex == vertexKeys.length) {
            vertexKeys = Arrays.copyOf(vertexKeys, vertexKeys.length * 2);
        }
        vertexKeys[vertex] = key;
        slotKeys[slot] = key;
        slotVertices[slot] = vertex;
        if (2L * size > slotKeys.length) {
            grow();
        }
        return vertex;
    }

    private void grow() {
        allocateSlots(slotKeys.length * 2);
        for (int vertex = 0; vertex < size; vertex++) {
            long key = vertexKeys[vertex];
            int slot = slotOf(key);
            while (slotKeys[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slotKeys[slot] = key;
            slotVertices[slot] = vertex;
        }
    }

    private void allocateSlots(int capacity) {
        slotKeys = new long[capacity];
        Arrays.fill(slotKeys, EMPTY);
        slotVertices = new int[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private int slotOf(long key) {
        return (int) ((key * GOLDEN) >>> shift);
    }
}
