package org.wsss.algo.seg;

import org.wsss.algo.maps.LabelMap;

/** Sizes for segmenting large images at a capped resolution, and masks scaled back by nearest neighbour. */
public final class LabelScaling {
    private LabelScaling() {}

    /**
     * The {@code {height, width}} at which to segment a {@code height x width} image so that its longer side is at
     * most {@code maxLongSide} (0: no cap), keeping the aspect ratio and at least one pixel per side.
     */
    public static int[] cappedSize(int height, int width, int maxLongSide) {
        int longSide = Math.max(height, width);
        if (maxLongSide <= 0 || longSide <= maxLongSide) return new int[] {height, width};
        double scale = (double) maxLongSide / longSide;
        return new int[] {Math.max(1, (int) Math.round(height * scale)), Math.max(1, (int) Math.round(width * scale))};
    }

    /** {@code labels} resized to {@code height x width}, each pixel taking the label under its centre. */
    public static LabelMap nearest(LabelMap labels, int height, int width) {
        if (labels.height() == height && labels.width() == width) return labels;
        byte[] out = new byte[height * width];
        for (int y = 0; y < height; y++) {
            int sourceY = Math.min(labels.height() - 1, (int) ((y + 0.5) * labels.height() / height));
            for (int x = 0; x < width; x++) {
                int sourceX = Math.min(labels.width() - 1, (int) ((x + 0.5) * labels.width() / width));
                out[y * width + x] = labels.labels()[sourceY * labels.width() + sourceX];
            }
        }
        return new LabelMap(height, width, out);
    }

    /** The classes present in a mask, ascending, background and {@link LabelMap#IGNORE} left out. */
    public static int[] presentClasses(byte[] labels) {
        boolean[] seen = new boolean[LabelMap.IGNORE];
        for (byte label : labels) {
            int value = Byte.toUnsignedInt(label);
            if (value != LabelMap.BACKGROUND && value != LabelMap.IGNORE) seen[value] = true;
        }
        return java.util.stream.IntStream.range(1, seen.length).filter(c -> seen[c]).toArray();
    }
}
