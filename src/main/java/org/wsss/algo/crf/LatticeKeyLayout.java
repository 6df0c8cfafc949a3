package org.wsss.algo.crf;

import java.util.Arrays;

/**
 * Packs the first d integer coordinates of a lattice point into one non-negative long (the last coordinate is
 * implied: the coordinates of a permutohedral lattice point sum to zero). Each coordinate gets a bit field wide
 * enough for every value the features can produce, with margin for the simplex corners and their blur neighbours,
 * so neighbour keys are plain additions with no carry between fields.
 */
final class LatticeKeyLayout {

    private static final int MAX_BITS = 63;
    /** Beyond 2^22 the float arithmetic of {@link SimplexLocator} no longer rounds to exact lattice points. */
    private static final double MAX_COORDINATE = 1 << 22;

    private final int dim;
    private final int[] lowest;
    private final int[] shifts;
    /** A 1 in every field: subtracting it moves every coordinate by -1. */
    private final long allOnes;

    private LatticeKeyLayout(int[] lowest, int[] shifts) {
        this.dim = lowest.length;
        this.lowest = lowest;
        this.shifts = shifts;
        long ones = 0;
        for (int shift : shifts) {
            ones += 1L << shift;
        }
        this.allOnes = ones;
    }

    /** Sizes the fields for the feature vectors {@code features} (pixel by pixel, {@code dim} values each). */
    static LatticeKeyLayout forFeatures(float[] features, int dim) {
        double[] featureMin = new double[dim];
        double[] featureMax = new double[dim];
        Arrays.fill(featureMin, Double.POSITIVE_INFINITY);
        Arrays.fill(featureMax, Double.NEGATIVE_INFINITY);
        for (int at = 0; at < features.length; at += dim) {
            for (int i = 0; i < dim; i++) {
                featureMin[i] = Math.min(featureMin[i], features[at + i]);
                featureMax[i] = Math.max(featureMax[i], features[at + i]);
            }
        }
        float[] scale = SimplexLocator.scaleFactors(dim);
        double[] low = new double[dim];
        double[] high = new double[dim];
        for (int i = 0; i < dim; i++) {
            low[i] = featureMin[i] * scale[i];
            high[i] = featureMax[i] * scale[i];
        }
        // Interval arithmetic on the elevation y = E f: y_0 = sum of all scaled features,
        // y_j = (sum of scaled features j..d-1) - j * (scaled feature j-1).
        double[] elevatedMin = new double[dim];
        double[] elevatedMax = new double[dim];
        double tailLow = 0;
        double tailHigh = 0;
        for (int j = dim - 1; j >= 1; j--) {
            tailLow += low[j];
            tailHigh += high[j];
            elevatedMin[j] = tailLow - j * high[j - 1];
            elevatedMax[j] = tailHigh - j * low[j - 1];
        }
        elevatedMin[0] = tailLow + low[0];
        elevatedMax[0] = tailHigh + high[0];
        return forElevatedBounds(elevatedMin, elevatedMax);
    }

    /**
     * Rounding to the remainder-0 point moves a coordinate by at most 1.5 (d+1), the simplex corners add up to d,
     * the blur neighbours d more; a margin of 4 (d+1) covers all of it plus float rounding.
     */
    private static LatticeKeyLayout forElevatedBounds(double[] elevatedMin, double[] elevatedMax) {
        int dim = elevatedMin.length;
        int margin = 4 * (dim + 1);
        int[] lowest = new int[dim];
        int[] shifts = new int[dim];
        int usedBits = 0;
        for (int i = 0; i < dim; i++) {
            if (!(Math.abs(elevatedMin[i]) < MAX_COORDINATE && Math.abs(elevatedMax[i]) < MAX_COORDINATE)) {
                throw tooWide(dim, i, elevatedMin[i], elevatedMax[i]);
            }
            long lo = (long) Math.floor(elevatedMin[i]) - margin;
            long hi = (long) Math.ceil(elevatedMax[i]) + margin;
            int bits = 64 - Long.numberOfLeadingZeros(hi - lo);
            if (usedBits + bits > MAX_BITS) {
                throw tooWide(dim, i, lo, hi);
            }
            lowest[i] = (int) lo;
            shifts[i] = usedBits;
            usedBits += bits;
        }
        return new LatticeKeyLayout(lowest, shifts);
    }

    private static IllegalArgumentException tooWide(int dim, int coordinate, double lo, double hi) {
        return new IllegalArgumentException("feature range too wide for a " + dim + "-dimensional lattice key: "
                + "coordinate " + coordinate + " spans [" + lo + ", " + hi + "]; use wider kernel standard deviations"
                + " or a smaller image");
    }

    /**
     * Writes the keys of the d+1 corners of the simplex just located into {@code keys[offset ..]}. From corner
     * r-1 to r every coordinate grows by 1, and the one of rank d-r+1 drops by d+1 (the canonical simplex).
     */
    void cornerKeys(SimplexLocator simplex, long[] keys, int offset) {
        long key = 0;
        for (int i = 0; i < dim; i++) {
            key += (long) (simplex.remainderZero(i) - lowest[i]) << shifts[i];
        }
        keys[offset] = key;
        for (int r = 1; r <= dim; r++) {
            int dropping = simplex.coordinateWithRank(dim - r + 1);
            key += allOnes;
            if (dropping < dim) {
                key -= (long) (dim + 1) << shifts[dropping];
            }
            keys[offset + r] = key;
        }
    }

    /**
     * The neighbour one step down along lattice direction {@code axis} (0..d): every coordinate -1 except
     * {@code axis}, which moves +d. For axis d the moving coordinate is the implied one.
     */
    long lowerNeighbour(long key, int axis) {
        long moved = key - allOnes;
        return axis < dim ? moved + ((long) (dim + 1) << shifts[axis]) : moved;
    }

    /** The opposite step of {@link #lowerNeighbour}. */
    long upperNeighbour(long key, int axis) {
        long moved = key + allOnes;
        return axis < dim ? moved - ((long) (dim + 1) << shifts[axis]) : moved;
    }
}
