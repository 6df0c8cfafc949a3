package org.wsss.algo.augment;

/**
 * A planar (channel-first, row-major) float image: value of channel c at (y, x) is
 * {@code values[(c * height + y) * width + x]}. The layout of the network's input and of {@code ChannelStack}.
 *
 * @param channels number of planes
 * @param height rows
 * @param width columns
 * @param values {@code channels * height * width} values
 */
public record FloatImage(int channels, int height, int width, float[] values) {

    private static final float BYTE_SCALE = 255f;
    private static final int RGB = 3;

    public FloatImage {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("empty image " + channels + "x" + height + "x" + width);
        }
        if (values.length != (long) channels * height * width) {
            throw new IllegalArgumentException("expected " + (long) channels * height * width
                    + " values, got " + values.length);
        }
    }

    /** A zero image. */
    public static FloatImage zeros(int channels, int height, int width) {
        return new FloatImage(channels, height, width, new float[channels * height * width]);
    }

    /** An RGB image with values in [0, 1] from interleaved 8-bit RGB bytes (as {@code RgbImage} holds them). */
    public static FloatImage fromInterleavedRgb(int width, int height, byte[] rgb) {
        if (rgb.length != RGB * width * height) {
            throw new IllegalArgumentException("expected " + RGB * width * height + " bytes, got " + rgb.length);
        }
        int pixels = width * height;
        float[] planar = new float[RGB * pixels];
        for (int i = 0; i < pixels; i++) {
            for (int c = 0; c < RGB; c++) {
                planar[c * pixels + i] = (rgb[RGB * i + c] & 0xFF) / BYTE_SCALE;
            }
        }
        return new FloatImage(RGB, height, width, planar);
    }

    /** Pixels per plane. */
    public int pixels() {
        return height * width;
    }

    /** Index of (c, y, x) in {@link #values()}. */
    public int index(int channel, int y, int x) {
        return (channel * height + y) * width + x;
    }

    public float get(int channel, int y, int x) {
        return values[index(channel, y, x)];
    }

    /** A deep copy. */
    public FloatImage copy() {
        return new FloatImage(channels, height, width, values.clone());
    }
}
