package org.wsss.algo.augment;

/** The per-channel standardisation ImageNet-trained networks expect, for RGB values in [0, 1]. */
public final class ImageNetNormalization {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private ImageNetNormalization() {}

    /** Mean of a channel (0 = red). */
    public static float mean(int channel) {
        return MEAN[channel];
    }

    /** Standard deviation of a channel (0 = red). */
    public static float std(int channel) {
        return STD[channel];
    }

    /** {@code (value - mean) / std} per channel; returns a new image. */
    public static FloatImage normalize(FloatImage rgb) {
        requireRgb(rgb);
        float[] out = new float[rgb.values().length];
        int pixels = rgb.pixels();
        for (int c = 0; c < MEAN.length; c++) {
            for (int i = c * pixels; i < (c + 1) * pixels; i++) {
                out[i] = (rgb.values()[i] - MEAN[c]) / STD[c];
            }
        }
        return new FloatImage(rgb.channels(), rgb.height(), rgb.width(), out);
    }

    /** Inverse of {@link #normalize}. */
    public static FloatImage denormalize(FloatImage normalized) {
        requireRgb(normalized);
        float[] out = new float[normalized.values().length];
        int pixels = normalized.pixels();
        for (int c = 0; c < MEAN.length; c++) {
            for (int i = c * pixels; i < (c + 1) * pixels; i++) {
                out[i] = normalized.values()[i] * STD[c] + MEAN[c];
            }
        }
        return new FloatImage(normalized.channels(), normalized.height(), normalized.width(), out);
    }

    private static void requireRgb(FloatImage image) {
        if (image.channels() != MEAN.length) {
            throw new IllegalArgumentException("expected an RGB image, got " + image.channels() + " channels");
        }
    }
}
