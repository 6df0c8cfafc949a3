package org.wsss.algo.augment;

/**
 * Separable bilinear resampling of planar float data, with pixel centres at half-integers.
 *
 * <p>Without antialiasing this is PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}. With
 * antialiasing the triangle filter is widened by the reduction factor when shrinking, like PIL's bilinear resize,
 * so every source pixel contributes and downscaled images do not alias; enlarging is the same either way.
 */
public final class BilinearResize {

    private BilinearResize() {}

    /** Resizes every plane of an image. */
    public static FloatImage resize(FloatImage image, int outHeight, int outWidth, boolean antialias) {
        float[] resized = resizePlanes(image.values(), image.channels(), image.height(), image.width(),
                outHeight, outWidth, antialias);
        return new FloatImage(image.channels(), outHeight, outWidth, resized);
    }

    /**
     * Resizes {@code planes} consecutive {@code height x width} planes to {@code outHeight x outWidth}.
     *
     * @return a new array of {@code planes * outHeight * outWidth} values
     */
    public static float[] resizePlanes(
            float[] values, int planes, int height, int width, int outHeight, int outWidth, boolean antialias) {
        if (outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + outHeight + "x" + outWidth);
        }
        if (values.length != (long) planes * height * width) {
            throw new IllegalArgumentException("expected " + (long) planes * height * width + " values");
        }
        Taps rows = Taps.of(height, outHeight, antialias);
        Taps columns = Taps.of(width, outWidth, antialias);
        float[] out = new float[planes * outHeight * outWidth];
        float[] horizontal = new float[height * outWidth];
        for (int plane = 0; plane < planes; plane++) {
            int inBase = plane * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < outWidth; x++) {
                    horizontal[y * outWidth + x] = columns.apply(values, inBase + y * width, 1, x);
                }
            }
            int outBase = plane * outHeight * outWidth;
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    out[outBase + y * outWidth + x] = rows.apply(horizontal, x, outWidth, y);
                }
            }
        }
        return out;
    }

    /** For each output index along one axis: the first source index and the normalised filter weights. */
    private record Taps(int[] first, float[][] weights) {

        static Taps of(int inSize, int outSize, boolean antialias) {
            double scale = (double) inSize / outSize;
            double filterScale = antialias ? Math.max(1.0, scale) : 1.0;
            int[] first = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int i = 0; i < outSize; i++) {
                double centre = (i + 0.5) * scale;
                int from = Math.max(0, (int) Math.floor(centre - filterScale));
                int to = Math.min(inSize - 1, (int) Math.ceil(centre + filterScale));
                double[] raw = new double[to - from + 1];
                double sum = 0;
                for (int j = from; j <= to; j++) {
                    double w = Math.max(0.0, 1.0 - Math.abs((j + 0.5 - centre) / filterScale));
                    raw[j - from] = w;
                    sum += w;
                }
                weights[i] = new float[raw.length];
                for (int k = 0; k < raw.length; k++) {
                    weights[i][k] = (float) (raw[k] / sum);
                }
                first[i] = from;
            }
            return new Taps(first, weights);
        }

        /** Filters the source line starting at {@code base} with element step {@code step} for output {@code i}. */
        float apply(float[] source, int base, int step, int i) {
            float[] w = weights[i];
            int index = base + first[i] * step;
            float sum = 0f;
            for (float weight : w) {
                sum += weight * source[index];
                index += step;
            }
            return sum;
        }
    }
}
