package org.wsss.algo.augment;

import java.util.SplittableRandom;

/**
 * Random brightness, contrast, saturation and hue changes with torchvision's {@code ColorJitter} semantics, on RGB
 * values in [0, 1]: factors drawn uniformly from {@code [max(0, 1 - s), 1 + s]} (hue shift from {@code [-h, h]}),
 * the four adjustments applied in a random order, each clamped to [0, 1].
 *
 * @param brightness strength s of the brightness change (scales values by the factor)
 * @param contrast strength of the contrast change (blends with the image's mean grey level)
 * @param saturation strength of the saturation change (blends with each pixel's grey level)
 * @param hue largest hue rotation as a fraction of the colour wheel, at most 0.5
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue)
        implements java.io.Serializable {

    private static final int ADJUSTMENTS = 4;
    private static final int BRIGHTNESS = 0;
    private static final int CONTRAST = 1;
    private static final int SATURATION = 2;
    private static final int HUE = 3;
    private static final float RED_LUMA = 0.2989f;
    private static final float GREEN_LUMA = 0.587f;
    private static final float BLUE_LUMA = 0.114f;
    private static final double MAX_HUE = 0.5;
    private static final int RED = 0;
    private static final int GREEN = 1;
    private static final int BLUE = 2;

    public ColorJitter {
        if (brightness < 0 || contrast < 0 || saturation < 0 || hue < 0 || hue > MAX_HUE) {
            throw new IllegalArgumentException("jitter strengths must be non-negative and hue at most 0.5, got "
                    + brightness + ", " + contrast + ", " + saturation + ", " + hue);
        }
    }

    /** PSA's strengths: brightness, contrast and saturation 0.3, hue 0.1. */
    public static ColorJitter psa() {
        return new ColorJitter(0.3, 0.3, 0.3, 0.1);
    }

    /** No change. */
    public static ColorJitter none() {
        return new ColorJitter(0, 0, 0, 0);
    }

    /** A jittered copy of an RGB image with values in [0, 1]. */
    public FloatImage apply(FloatImage rgb, SplittableRandom random) {
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("colour jitter needs an RGB image, got " + rgb.channels() + " channels");
        }
        int[] order = randomOrder(random);
        double brightnessFactor = factor(brightness, random);
        double contrastFactor = factor(contrast, random);
        double saturationFactor = factor(saturation, random);
        double hueShift = hue == 0 ? 0 : random.nextDouble(-hue, hue);
        float[] values = rgb.values().clone();
        int pixels = rgb.pixels();
        for (int adjustment : order) {
            if (isIdentity(adjustment, brightnessFactor, contrastFactor, saturationFactor, hueShift)) {
                continue;
            }
            switch (adjustment) {
                case BRIGHTNESS -> scale(values, (float) brightnessFactor);
                case CONTRAST -> blendWithMeanGrey(values, pixels, (float) contrastFactor);
                case SATURATION -> blendWithGrey(values, pixels, (float) saturationFactor);
                case HUE -> rotateHue(values, pixels, hueShift);
                default -> throw new IllegalStateException("unknown adjustment " + adjustment);
            }
        }
        return new FloatImage(rgb.channels(), rgb.height(), rgb.width(), values);
    }

    /** Unit factors and zero shifts are skipped so that no jitter leaves an image bit for bit unchanged. */
    private static boolean isIdentity(
            int adjustment, double brightnessFactor, double contrastFactor, double saturationFactor, double hueShift) {
        return switch (adjustment) {
            case BRIGHTNESS -> brightnessFactor == 1.0;
            case CONTRAST -> contrastFactor == 1.0;
            case SATURATION -> saturationFactor == 1.0;
            default -> hueShift == 0.0;
        };
    }

    private static int[] randomOrder(SplittableRandom random) {
        int[] order = {BRIGHTNESS, CONTRAST, SATURATION, HUE};
        for (int i = ADJUSTMENTS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static double factor(double strength, SplittableRandom random) {
        return strength == 0 ? 1.0 : random.nextDouble(Math.max(0.0, 1.0 - strength), 1.0 + strength);
    }

    private static void scale(float[] values, float factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] = clamp(values[i] * factor);
        }
    }

    private static void blendWithMeanGrey(float[] values, int pixels, float factor) {
        double sum = 0;
        for (int i = 0; i < pixels; i++) {
            sum += grey(values, pixels, i);
        }
        float mean = (float) (sum / pixels);
        for (int i = 0; i < values.length; i++) {
            values[i] = clamp(factor * values[i] + (1f - factor) * mean);
        }
    }

    private static void blendWithGrey(float[] values, int pixels, float factor) {
        for (int i = 0; i < pixels; i++) {
            float grey = grey(values, pixels, i);
            for (int c = RED; c <= BLUE; c++) {
                int index = c * pixels + i;
                values[index] = clamp(factor * values[index] + (1f - factor) * grey);
            }
        }
    }

    private static float grey(float[] values, int pixels, int i) {
        return RED_LUMA * values[i] + GREEN_LUMA * values[pixels + i] + BLUE_LUMA * values[2 * pixels + i];
    }

    /** Hue rotation through HSV, following torchvision's conversion formulas. */
    private static void rotateHue(float[] values, int pixels, double shift) {
        for (int i = 0; i < pixels; i++) {
            float r = values[i];
            float g = values[pixels + i];
            float b = values[2 * pixels + i];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float chroma = max - min;
            if (chroma == 0f) {
                continue;
            }
            float saturation = chroma / max;
            float rc = (max - r) / chroma;
            float gc = (max - g) / chroma;
            float bc = (max - b) / chroma;
            float hue;
            if (max == r) {
                hue = bc - gc;
            } else if (max == g) {
                hue = 2f + rc - bc;
            } else {
                hue = 4f + gc - rc;
            }
            double h = hue / 6.0 + 1.0 + shift;
            h -= Math.floor(h);
            writeHsv(values, pixels, i, h, saturation, max);
        }
    }

    private static void writeHsv(float[] values, int pixels, int i, double h, float s, float v) {
        double sector = h * 6.0;
        int index = (int) Math.floor(sector) % 6;
        double fraction = sector - Math.floor(sector);
        float p = clamp((float) (v * (1.0 - s)));
        float q = clamp((float) (v * (1.0 - s * fraction)));
        float t = clamp((float) (v * (1.0 - s * (1.0 - fraction))));
        float r;
        float g;
        float b;
        switch (index) {
            case 0 -> { r = v; g = t; b = p; }
            case 1 -> { r = q; g = v; b = p; }
            case 2 -> { r = p; g = v; b = t; }
            case 3 -> { r = p; g = q; b = v; }
            case 4 -> { r = t; g = p; b = v; }
            default -> { r = v; g = p; b = q; }
        }
        values[i] = r;
        values[pixels + i] = g;
        values[2 * pixels + i] = b;
    }

    private static float clamp(float value) {
        return Math.min(1f, Math.max(0f, value));
    }
}
