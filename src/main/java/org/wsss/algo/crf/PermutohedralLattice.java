package org.wsss.algo.crf;

import java.util.Arrays;

/**
 * Approximate Gaussian filtering of per-pixel values in a d-dimensional feature space on the permutohedral lattice
 * (Adams, Baek and Davis, Eurographics 2010): splat each value onto the d+1 corners of its enclosing simplex with
 * barycentric weights, blur with [1/2 1 1/2] along each of the d+1 lattice directions, and slice back with the
 * same weights. The result includes each pixel's own contribution, as in the reference DenseCRF.
 *
 * <p>The splat is a gather: each vertex sums its contributions in pixel order, so the result is the same for any
 * number of threads and matches the summation order of a sequential scatter.
 */
final class PermutohedralLattice {

    private final int dim;
    private final int pixels;
    private final int vertexCount;
    /**
     * Lattice values live in slots: vertex v in slot v+1, and slot 0 stays zero for blur neighbours that do not
     * exist. Splat: vertex rows, pixel columns, barycentric weights, entries in pixel order.
     */
    private final SparseRows splat;
    /** Slice: pixel rows, slot columns (the d+1 corners), barycentric weights times 1 / (1 + 2^-d). */
    private final SparseRows slice;
    /** Per axis a and vertex v, at (a*vertexCount+v)*2 and +1: the slots of its two blur neighbours. */
    private final int[] neighbourSlots;

    private float[] blurFrom = new float[0];
    private float[] blurTo = new float[0];

    private PermutohedralLattice(int dim, int pixels, int vertexCount, SparseRows splat, SparseRows slice,
                                 int[] neighbourSlots) {
        this.dim = dim;
        this.pixels = pixels;
        this.vertexCount = vertexCount;
        this.splat = splat;
        this.slice = slice;
        this.neighbourSlots = neighbourSlots;
    }

    /** Builds the lattice for {@code pixels} feature vectors of length {@code dim}, stored pixel by pixel. */
    static PermutohedralLattice build(float[] features, int dim, int pixels, RangeExecutor executor) {
        if (features.length != dim * pixels) {
            throw new IllegalArgumentException("expected " + dim * pixels + " feature values, got " + features.length);
        }
        int corners = dim + 1;
        LatticeKeyLayout layout = LatticeKeyLayout.forFeatures(features, dim);

        long[] cornerKey = new long[corners * pixels];
        float[] cornerWeight = new float[corners * pixels];
        executor.forRange(pixels, (from, to) -> {
            SimplexLocator locator = new SimplexLocator(dim);
            for (int p = from; p < to; p++) {
                locator.locate(features, p * dim);
                layout.cornerKeys(locator, cornerKey, p * corners);
                for (int r = 0; r < corners; r++) {
                    cornerWeight[p * corners + r] = locator.weight(r);
                }
            }
        });

        LatticeHashTable table = new LatticeHashTable(pixels / 2);
        int[] cornerSlot = new int[corners * pixels];
        for (int e = 0; e < cornerKey.length; e++) {
            // Neighbouring pixels usually share their simplex: reuse the previous pixel's lookup for that corner.
            if (e >= corners && cornerKey[e] == cornerKey[e - corners]) {
                cornerSlot[e] = cornerSlot[e - corners];
            } else {
                cornerSlot[e] = table.findOrInsert(cornerKey[e]) + 1;
            }
        }
        int vertexCount = table.size();

        int[] neighbourSlots = new int[2 * corners * vertexCount];
        executor.forRange(vertexCount, (from, to) -> {
            for (int axis = 0; axis < corners; axis++) {
                for (int v = from; v < to; v++) {
                    long key = table.keyOf(v);
                    int at = 2 * (axis * vertexCount + v);
                    neighbourSlots[at] = table.find(layout.lowerNeighbour(key, axis)) + 1;
                    neighbourSlots[at + 1] = table.find(layout.upperNeighbour(key, axis)) + 1;
                }
            }
        });

        return new PermutohedralLattice(dim, pixels, vertexCount,
                splatRows(cornerSlot, cornerWeight, corners, vertexCount),
                sliceRows(cornerSlot, cornerWeight, dim, pixels), neighbourSlots);
    }

    /** Groups the corners by vertex with a counting sort, which keeps each vertex's entries in pixel order. */
    private static SparseRows splatRows(int[] cornerSlot, float[] cornerWeight, int corners, int vertexCount) {
        int[] start = new int[vertexCount + 1];
        for (int slot : cornerSlot) {
            start[slot]++;
        }
        for (int v = 0; v < vertexCount; v++) {
            start[v + 1] += start[v];
        }
        int[] pixel = new int[cornerSlot.length];
        float[] weight = new float[cornerSlot.length];
        int[] next = start.clone();
        for (int e = 0; e < cornerSlot.length; e++) {
            int at = next[cornerSlot[e] - 1]++;
            pixel[at] = e / corners;
            weight[at] = cornerWeight[e];
        }
        return new SparseRows(start, pixel, weight);
    }

    private static SparseRows sliceRows(int[] cornerSlot, float[] cornerWeight, int dim, int pixels) {
        int corners = dim + 1;
        int[] start = new int[pixels + 1];
        for (int p = 0; p <= pixels; p++) {
            start[p] = p * corners;
        }
        // The reference's slice ends with this constant factor (Adams et al.'s normalisation of the blur).
        float sliceScale = 1.0f / (1 + (float) Math.pow(2, -dim));
        float[] weight = new float[cornerWeight.length];
        for (int e = 0; e < cornerWeight.length; e++) {
            weight[e] = cornerWeight[e] * sliceScale;
        }
        return new SparseRows(start, cornerSlot, weight);
    }

    int vertexCount() {
        return vertexCount;
    }

    int pixels() {
        return pixels;
    }

    /** Filters {@code channels} values per pixel ({@code in[p*channels+c]}) into {@code out}, same layout. */
    void filter(float[] in, int channels, float[] out, RangeExecutor executor) {
        int slots = (vertexCount + 1) * channels;
        if (blurFrom.length < slots) {
            blurFrom = new float[slots];
            blurTo = new float[slots];
        }
        float[] from = blurFrom;
        float[] to = blurTo;
        // Slot 0 stands for missing neighbours; a buffer reused with another channel count may hold old data there.
        Arrays.fill(from, 0, channels, 0f);
        Arrays.fill(to, 0, channels, 0f);
        float[] splatTarget = from;
        executor.forRange(vertexCount, (lo, hi) -> splat.multiply(in, channels, splatTarget, 1, lo, hi));
        for (int axis = 0; axis <= dim; axis++) {
            float[] source = from;
            float[] target = to;
            int currentAxis = axis;
            executor.forRange(vertexCount, (lo, hi) -> blur(source, target, channels, currentAxis, lo, hi));
            from = target;
            to = source;
        }
        float[] blurred = from;
        executor.forRange(pixels, (lo, hi) -> slice.multiply(blurred, channels, out, 0, lo, hi));
    }

    private void blur(float[] source, float[] target, int channels, int axis, int fromVertex, int toVertex) {
        int at = 2 * (axis * vertexCount + fromVertex);
        for (int v = fromVertex; v < toVertex; v++, at += 2) {
            int base = (v + 1) * channels;
            int lower = neighbourSlots[at] * channels;
            int upper = neighbourSlots[at + 1] * channels;
            for (int c = 0; c < channels; c++) {
                target[base + c] = source[base + c] + 0.5f * (source[lower + c] + source[upper + c]);
            }
        }
    }
}
