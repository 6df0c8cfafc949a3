package org.wsss.jobs.stage;

import java.io.Serial;
import java.io.Serializable;

/**
 * The non-zero cells of a confusion matrix's count array. One image touches only a few cells (its class and
 * background, mostly), so per-image matrices travel and persist in a few dozen bytes instead of twelve kilobytes.
 */
public record SparseCounts(int[] cells, long[] counts) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public static SparseCounts of(long[] dense) {
        int nonZero = 0;
        for (long c : dense) if (c != 0) nonZero++;
        int[] cells = new int[nonZero];
        long[] counts = new long[nonZero];
        for (int i = 0, k = 0; i < dense.length; i++) {
            if (dense[i] != 0) {
                cells[k] = i;
                counts[k++] = dense[i];
            }
        }
        return new SparseCounts(cells, counts);
    }

    /** Adds these counts into {@code dense} and returns it (an aggregation's sequence step). */
    public long[] addInto(long[] dense) {
        for (int k = 0; k < cells.length; k++) dense[cells[k]] += counts[k];
        return dense;
    }

    /** Adds {@code from} into {@code into} and returns it (an aggregation's merge step). */
    public static long[] sum(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) into[i] += from[i];
        return into;
    }
}
