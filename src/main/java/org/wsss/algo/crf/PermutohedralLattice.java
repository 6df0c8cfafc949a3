package org.wsss.algo.crf;

import java.util.Arrays;
import org.wsss.algo.parallel.RangeExecutor;

/**
 * Approximate Gaussian filtering of per-pixel values in a d-dimensional feature space on the permutohedral lattice
 * (Adams, Baek and Davis, Eurographics 2010): splat each value onto the d+1 corners of its enclosing simplex with
 * barycentric weights, blur with [1/2 1 1/2] along each of the d+1 lattice directions, and slice back with the
 * same weights. The result includes each pixel's own contribution, as in the reference DenseCRF.
 *
 * <p>The splat is a gather: each vertex sums its contributions in pixel order, so the result is the same for any
 * number of threads and matches the summation order of a sequential scatter. {@link LatticeBuilder} makes one.
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

    PermutohedralLattice(int dim, int pixels, int vertexCount, SparseRows splat, SparseRows slice,
                         int[] neighbourSlots) {
        this.dim = dim;
        this.pixels = pixels;
        this.vertexCount = vertexCount;
        this.splat = splat;
        this.slice = slice;
        this.neighbourSlots = neighbourSlots;
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
