package org.wsss.algo.maps;

import java.util.Objects;

/**
 * A stack of same-sized float maps, channel-first and row-major: value (c, y, x) lives at
 * {@code c * height * width + y * width + x}. Used for CAMs, score stacks and feature maps.
 *
 * <p>The record wraps {@code values} without copying (these arrays are large and passed along a
 * pipeline), so {@code equals} compares the array by identity.
 */
public record ChannelStack(int channels, int height, int width, float[] values) {

    public ChannelStack {
        Objects.requireNonNull(values, "values");
        if (channels < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "shape must have channels >= 0 and a positive height and width, got "
                            + channels + " x " + height + " x " + width);
        }
        long expected = (long) channels * height * width;
        if (values.length != expected) {
            throw new IllegalArgumentException("values has " + values.length + " entries but shape "
                    + channels + " x " + height + " x " + width + " needs " + expected);
        }
    }

    /** A stack of zeros. */
    public static ChannelStack zeros(int channels, int height, int width) {
        return new ChannelStack(channels, height, width,
                new float[Math.multiplyExact(channels, Math.multiplyExact(height, width))]);
    }

    /** Number of pixels in one channel. */
    public int pixels() {
        return height * width;
    }

    /** Flat position of (channel, y, x) in {@link #values()}. */
    public int index(int channel, int y, int x) {
        return (channel * height + y) * width + x;
    }

    public float get(int channel, int y, int x) {
        return values[index(channel, y, x)];
    }

    /** True when {@code other} has the same height and width (channels may differ). */
    public boolean sameGridAs(ChannelStack other) {
        return height == other.height && width == other.width;
    }
}
