package org.wsss.algo.crf;

/**
 * Parameters of the fully connected CRF: two Potts terms (an appearance-free Gaussian on position and a bilateral
 * kernel on position and colour), the number of mean-field iterations, and the floor applied to scores before
 * taking {@code -log}.
 *
 * @param gaussianSxy     spatial standard deviation of the Gaussian kernel, in pixels
 * @param gaussianCompat  Potts weight of the Gaussian kernel (0 switches it off)
 * @param bilateralSxy    spatial standard deviation of the bilateral kernel, in pixels
 * @param bilateralSrgb   colour standard deviation of the bilateral kernel, in 8-bit intensity levels
 * @param bilateralCompat Potts weight of the bilateral kernel (0 switches it off)
 * @param iterations      mean-field iterations; 0 returns the softmax of the unary
 * @param scoreFloor      scores are clipped to [scoreFloor, 1] before the unary {@code -log(score)}
 */
public record CrfSettings(
        double gaussianSxy,
        double gaussianCompat,
        double bilateralSxy,
        double bilateralSrgb,
        double bilateralCompat,
        int iterations,
        double scoreFloor) implements java.io.Serializable {

    public CrfSettings {
        requirePositive("gaussianSxy", gaussianSxy);
        requireNonNegative("gaussianCompat", gaussianCompat);
        requirePositive("bilateralSxy", bilateralSxy);
        requirePositive("bilateralSrgb", bilateralSrgb);
        requireNonNegative("bilateralCompat", bilateralCompat);
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        if (!(scoreFloor > 0 && scoreFloor < 1)) {
            throw new IllegalArgumentException("scoreFloor must lie strictly between 0 and 1, got " + scoreFloor);
        }
    }

    /** PSA's CRF: Gaussian sxy 3 compat 3, bilateral sxy 80 srgb 13 compat 10, 10 iterations, floor 1e-5. */
    public static CrfSettings psaDefaults() {
        return new CrfSettings(3, 3, 80, 13, 10, 10, 1e-5);
    }

    public CrfSettings withIterations(int newIterations) {
        return new CrfSettings(gaussianSxy, gaussianCompat, bilateralSxy, bilateralSrgb, bilateralCompat,
                newIterations, scoreFloor);
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be positive and finite, got " + value);
        }
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be non-negative and finite, got " + value);
        }
    }
}
