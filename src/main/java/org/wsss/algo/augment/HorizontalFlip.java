package org.wsss.algo.augment;

/** Mirrors planar data left to right. */
public final class HorizontalFlip {

    private HorizontalFlip() {}

    public static FloatImage flip(FloatImage image) {
        return new FloatImage(image.channels(), image.height(), image.width(),
                flipPlanes(image.values(), image.channels(), image.height(), image.width()));
    }

    /** Mirrors {@code planes} consecutive {@code height x width} planes; returns a new array. */
    public static float[] flipPlanes(float[] values, int planes, int height, int width) {
        float[] flipped = new float[values.length];
        for (int row = 0; row < planes * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                flipped[base + x] = values[base + width - 1 - x];
            }
        }
        return flipped;
    }

    /** Mirrors a {@code height x width} label map; returns a new array. */
    public static byte[] flipLabels(byte[] labels, int height, int width) {
        byte[] flipped = new byte[labels.length];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 0; x < width; x++) {
                flipped[base + x] = labels[base + width - 1 - x];
            }
        }
        return flipped;
    }
}
