package org.wsss.algo.maps;

import java.util.Objects;

/**
 * A segmentation label map, row-major, one unsigned byte per pixel: {@link #BACKGROUND},
 * {@link #IGNORE}, or a class id in between.
 *
 * <p>The record wraps {@code labels} without copying, so {@code equals} compares the array by identity.
 */
public record LabelMap(int height, int width, byte[] labels) {

    /** Label of background pixels. */
    public static final int BACKGROUND = 0;
    /** Label of pixels that carry no supervision (uncertain, trimap border, padding). */
    public static final int IGNORE = 255;

    public LabelMap {
        Objects.requireNonNull(labels, "labels");
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("height and width must be positive, got " + height + " x " + width);
        }
        if (labels.length != (long) height * width) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but "
                    + height + " x " + width + " needs " + (long) height * width);
        }
    }

    /** Label of the pixel at flat position {@code index}, as 0..255. */
    public int get(int index) {
        return Byte.toUnsignedInt(labels[index]);
    }

    public int get(int y, int x) {
        return get(y * width + x);
    }

    public int pixels() {
        return height * width;
    }
}
