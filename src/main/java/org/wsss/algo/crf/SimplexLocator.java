package org.wsss.algo.crf;

/**
 * Finds the simplex of the permutohedral lattice (Adams, Baek and Davis 2010) that encloses a feature vector,
 * with the barycentric weight of each of its d+1 corners. The arithmetic follows the float operations of the
 * reference DenseCRF lattice step by step, so that roundings and ties resolve as they do there.
 *
 * <p>One instance holds the scratch arrays for one thread.
 */
final class SimplexLocator {

    private final int dim;
    private final float[] scale;
    private final float[] elevated;
    private final float[] remainder0;
    private final int[] rank;
    private final int[] coordinateWithRank;
    private final float[] residual;
    private final float[] barycentric;
    private final float downFactor;
    private final float upFactor;

    SimplexLocator(int dim) {
        this.dim = dim;
        this.scale = scaleFactors(dim);
        this.elevated = new float[dim + 1];
        this.remainder0 = new float[dim + 1];
        this.rank = new int[dim + 1];
        this.coordinateWithRank = new int[dim + 1];
        this.residual = new float[dim + 1];
        this.barycentric = new float[dim + 1];
        this.downFactor = 1.0f / (dim + 1);
        this.upFactor = dim + 1;
    }

    /**
     * Diagonal of the elevation matrix E scaled so that the lattice blur has the standard deviation of a unit
     * Gaussian on the features (p.5-6 of Adams et al.); computed in double and stored in float, as the reference.
     */
    static float[] scaleFactors(int dim) {
        float invStdDev = (float) (Math.sqrt(2.0 / 3.0) * (dim + 1));
        float[] scale = new float[dim];
        for (int i = 0; i < dim; i++) {
            scale[i] = (float) (1.0 / Math.sqrt((double) ((i + 2) * (i + 1))) * invStdDev);
        }
        return scale;
    }

    /**
     * Locates the feature vector {@code features[offset .. offset+d-1]}. Corner r of its simplex has coordinate
     * i equal to {@code remainderZero(i) + r}, less d+1 where the rank of coordinate i exceeds d - r (the
     * canonical simplex of Adams et al.), and barycentric weight {@code weight(r)}.
     */
    void locate(float[] features, int offset) {
        elevate(features, offset);
        int coordinateSum = roundToRemainderZero();
        rankDifferences();
        wrapOntoPlane(coordinateSum);
        computeBarycentric();
    }

    float weight(int corner) {
        return barycentric[corner];
    }

    /** Coordinate i (0..d) of the remainder-0 lattice point, as shifted back onto the plane. */
    int remainderZero(int i) {
        return (int) remainder0[i];
    }

    /** Which coordinate has rank {@code r} (ranks are a permutation of 0..d). */
    int coordinateWithRank(int r) {
        return coordinateWithRank[r];
    }

    /** y = E f: a running sum from the last feature backwards. */
    private void elevate(float[] features, int offset) {
        float sum = 0;
        for (int j = dim; j > 0; j--) {
            float scaled = features[offset + j - 1] * scale[j - 1];
            elevated[j] = sum - j * scaled;
            sum += scaled;
        }
        elevated[0] = sum;
    }

    /** Rounds each coordinate to the nearest multiple of d+1; returns the coordinate sum in units of d+1. */
    private int roundToRemainderZero() {
        int sum = 0;
        for (int i = 0; i <= dim; i++) {
            float value = elevated[i];
            float v = downFactor * value;
            int truncated = (int) v;
            int floor = truncated - negative(v - truncated);
            int ceil = floor + negative(floor - v);
            float up = ceil * upFactor;
            float down = floor * upFactor;
            // up when strictly closer; a tie goes down, as in the reference
            int roundUp = negative((up - value) - (value - down));
            int multiple = floor + roundUp * (ceil - floor);
            remainder0[i] = multiple * upFactor;
            // The reference adds rounded / (d+1) as a float, which is exactly this integer.
            sum += multiple;
        }
        return sum;
    }

    /**
     * rank[i] = how many coordinates have a larger rounding residual than coordinate i, a tie going to the later
     * index (the reference's pairwise comparison, counted per coordinate so no counter is updated from two loops).
     */
    private void rankDifferences() {
        for (int i = 0; i <= dim; i++) {
            residual[i] = elevated[i] - remainder0[i];
        }
        for (int i = 0; i <= dim; i++) {
            float own = residual[i];
            int larger = 0;
            for (int j = 0; j < i; j++) {
                larger += 1 - negative(residual[j] - own);
            }
            for (int j = i + 1; j <= dim; j++) {
                larger += negative(own - residual[j]);
            }
            rank[i] = larger;
        }
    }

    /** A point off the plane (coordinate sum not 0) is brought back by moving the extreme-ranked coordinates. */
    private void wrapOntoPlane(int coordinateSum) {
        for (int i = 0; i <= dim; i++) {
            int shifted = rank[i] + coordinateSum;
            // +1 below rank 0, -1 above rank d
            int wrap = (shifted >>> 31) - ((dim - shifted) >>> 31);
            rank[i] = shifted + wrap * (dim + 1);
            remainder0[i] += wrap * (dim + 1);
            coordinateWithRank[rank[i]] = i;
        }
    }

    /**
     * 1 if {@code difference} is negative, else 0. For finite floats a - b is negative exactly when a < b
     * (and +0 when they are equal), so this compares without a branch: the comparisons here are data-dependent
     * coin flips that a branch predictor loses, which cost more than the arithmetic.
     */
    private static int negative(float difference) {
        return Float.floatToRawIntBits(difference) >>> 31;
    }

    /**
     * Barycentric weights from the sorted residuals (p.10 of Adams et al.): weight k is the residual of the
     * coordinate ranked d-k less that of the one ranked d-k+1. The reference accumulates the same two terms
     * into a zeroed array; starting from 0 the order of the two does not change the float result.
     */
    private void computeBarycentric() {
        for (int i = 0; i <= dim; i++) {
            residual[i] = (elevated[i] - remainder0[i]) * downFactor;
        }
        barycentric[0] = residual[coordinateWithRank[dim]];
        for (int k = 1; k <= dim; k++) {
            barycentric[k] = residual[coordinateWithRank[dim - k]] - residual[coordinateWithRank[dim - k + 1]];
        }
        float wrapped = -residual[coordinateWithRank[0]];
        // The reference adds a double 1.0 here, so the wrap-around is summed in double and rounded once.
        barycentric[0] = (float) (barycentric[0] + (1.0 + wrapped));
    }
}
