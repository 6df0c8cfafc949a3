package org.wsss.algo.image;

import java.awt.image.IndexColorModel;

/** Colours for segmentation labels: 0 (background) black, 255 (ignore) white, classes spread around the hue circle. */
public final class MaskPalette {
    private static final int SIZE = 256;
    private static final int IGNORE = 255;
    private static final double GOLDEN_RATIO_CONJUGATE = 0.6180339887498949;

    private MaskPalette() {}

    /** The packed RGB colour of a label. */
    public static int rgb(int label) {
        if (label == 0) return 0x000000;
        if (label == IGNORE) return 0xFFFFFF;
        float hue = (float) ((label * GOLDEN_RATIO_CONJUGATE) % 1.0);
        return java.awt.Color.HSBtoRGB(hue, 0.75f, 0.95f) & 0xFFFFFF;
    }

    static IndexColorModel colorModel() {
        byte[] r = new byte[SIZE];
        byte[] g = new byte[SIZE];
        byte[] b = new byte[SIZE];
        for (int label = 0; label < SIZE; label++) {
            int c = rgb(label);
            r[label] = (byte) (c >> 16);
            g[label] = (byte) (c >> 8);
            b[label] = (byte) c;
        }
        return new IndexColorModel(8, SIZE, r, g, b);
    }
}
