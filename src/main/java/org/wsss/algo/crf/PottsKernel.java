package org.wsss.algo.crf;

import java.util.Arrays;
import org.wsss.algo.parallel.RangeExecutor;

/**
 * One pairwise term of the CRF: a Gaussian kernel K on some feature space with symmetric normalisation
 * (D^-1/2 K D^-1/2, where D = K 1 is the kernel applied to a constant image) and a Potts compatibility.
 * The kernel owns its lattice input (the normalised marginals) and output (the filtered values), which
 * {@link MeanField} fills and reads in its per-pixel loop.
 */
final class PottsKernel {

    private final PermutohedralLattice lattice;
    private final float compat;
    /** Per pixel, 1 / sqrt(D + 1e-20): applied before and after filtering. */
    final float[] normalisation;
    private final int labels;
    /** Marginals times normalisation, pixel-interleaved. */
    final float[] input;
    /** The lattice-filtered input, pixel-interleaved. */
    final float[] filtered;

    private PottsKernel(PermutohedralLattice lattice, float compat, float[] normalisation, int labels) {
        this.lattice = lattice;
        this.compat = compat;
        this.normalisation = normalisation;
        this.labels = labels;
        this.input = new float[normalisation.length * labels];
        this.filtered = new float[normalisation.length * labels];
    }

    static PottsKernel build(float[] features, int dim, int pixels, float compat, int labels,
                             RangeExecutor executor) {
        PermutohedralLattice lattice = LatticeBuilder.build(features, dim, pixels, executor);
        float[] ones = new float[pixels];
        Arrays.fill(ones, 1f);
        float[] degree = new float[pixels];
        lattice.filter(ones, 1, degree, executor);
        float[] normalisation = new float[pixels];
        executor.forRange(pixels, (from, to) -> {
            for (int p = from; p < to; p++) {
                // In double, as the reference: the 1e-20 guard would vanish in float.
                normalisation[p] = (float) (1.0 / Math.sqrt(degree[p] + 1e-20));
            }
        });
        return new PottsKernel(lattice, compat, normalisation, labels);
    }

    /** The Potts compatibility with its sign as the reference applies it: the message is -compat * (K q). */
    float negatedCompat() {
        return -compat;
    }

    /** {@link #filtered} = K {@link #input}. */
    void filterInput(RangeExecutor executor) {
        lattice.filter(input, labels, filtered, executor);
    }
}
