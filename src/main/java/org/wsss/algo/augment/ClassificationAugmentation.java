package org.wsss.algo.augment;

import java.util.SplittableRandom;

/**
 * Stage-1 augmentation (ALGORITHM.md section 1): resize so the long side is uniform in
 * {@code [minLongSide, maxLongSide]}, horizontal flip, colour jitter, ImageNet normalisation, random
 * {@code cropSize} crop with zero padding. Deterministic for a given random stream.
 *
 * @param minLongSide smallest long side after resizing
 * @param maxLongSide largest long side after resizing
 * @param flipProbability probability of a horizontal flip
 * @param jitter colour jitter strengths
 * @param cropSize side of the square output
 */
public record ClassificationAugmentation(
        int minLongSide, int maxLongSide, double flipProbability, ColorJitter jitter, int cropSize)
        implements java.io.Serializable {

    private static final int PSA_MIN_LONG_SIDE = 256;
    private static final int PSA_MAX_LONG_SIDE = 512;
    private static final double PSA_FLIP_PROBABILITY = 0.5;
    private static final int PSA_CROP = 448;

    public ClassificationAugmentation {
        if (minLongSide < 1 || maxLongSide < minLongSide) {
            throw new IllegalArgumentException("long side range must satisfy 1 <= min <= max, got ["
                    + minLongSide + ", " + maxLongSide + "]");
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
        if (jitter == null) {
            throw new IllegalArgumentException("jitter is required (ColorJitter.none() for none)");
        }
        if (cropSize < 1) {
            throw new IllegalArgumentException("crop size must be positive, got " + cropSize);
        }
    }

    /** PSA's settings: long side in [256, 512], flip 0.5, jitter 0.3/0.3/0.3/0.1, crop 448. */
    public static ClassificationAugmentation psa() {
        return new ClassificationAugmentation(
                PSA_MIN_LONG_SIDE, PSA_MAX_LONG_SIDE, PSA_FLIP_PROBABILITY, ColorJitter.psa(), PSA_CROP);
    }

    /** The network input for an RGB image with values in [0, 1]: normalised, {@code 3 x cropSize x cropSize}. */
    public FloatImage apply(FloatImage rgb, SplittableRandom random) {
        int longSide = random.nextInt(minLongSide, maxLongSide + 1);
        double scale = (double) longSide / Math.max(rgb.height(), rgb.width());
        int height = Math.max(1, (int) Math.round(rgb.height() * scale));
        int width = Math.max(1, (int) Math.round(rgb.width() * scale));
        FloatImage image = BilinearResize.resize(rgb, height, width, true);
        if (random.nextDouble() < flipProbability) {
            image = HorizontalFlip.flip(image);
        }
        image = jitter.apply(image, random);
        image = ImageNetNormalization.normalize(image);
        return CropWindow.random(image.height(), image.width(), cropSize, 1, random).apply(image);
    }
}
