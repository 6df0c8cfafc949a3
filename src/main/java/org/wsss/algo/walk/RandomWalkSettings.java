package org.wsss.algo.walk;

import java.util.Objects;
import org.wsss.algo.affinity.PairOffsets;

/**
 * Random-walk parameters (ALGORITHM.md section 5).
 *
 * @param beta   exponent applied to the affinities before normalisation (sharpens them)
 * @param logt   the walk takes {@code 2^logt} steps
 * @param radius pair radius at feature resolution
 * @param method how the walk is computed
 */
public record RandomWalkSettings(double beta, int logt, int radius, RandomWalkMethod method)
        implements java.io.Serializable {

    public static final double DEFAULT_BETA = 8;
    public static final int DEFAULT_LOGT = 8;
    /** Beyond this the step count no longer fits an int, and no walk needs that many steps. */
    public static final int MAX_LOGT = 30;

    public RandomWalkSettings {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be positive and finite, got " + beta);
        }
        if (logt < 0 || logt > MAX_LOGT) {
            throw new IllegalArgumentException("logt must lie in 0.." + MAX_LOGT + ", got " + logt);
        }
        if (radius < 2) {
            throw new IllegalArgumentException("radius must be at least 2, got " + radius);
        }
        Objects.requireNonNull(method, "method");
    }

    /** PSA's values with the sparse method. */
    public static RandomWalkSettings defaults() {
        return new RandomWalkSettings(DEFAULT_BETA, DEFAULT_LOGT, PairOffsets.DEFAULT_RADIUS, RandomWalkMethod.SPARSE);
    }

    /** Number of transition steps, {@code 2^logt}. */
    public int steps() {
        return 1 << logt;
    }

    public PairOffsets offsets() {
        return PairOffsets.ofRadius(radius);
    }
}
