package org.wsss.algo.overlay;

import org.wsss.algo.image.RgbImage;

/** Shrinks pictures by averaging the source area behind each output pixel, so thin structures do not alias. */
public final class Thumbnails {
    private Thumbnails() {}

    /** The picture scaled so that its longer side is at most {@code maxSide}; never enlarged. */
    public static RgbImage fit(RgbImage image, int maxSide) {
        int longer = Math.max(image.width(), image.height());
        if (longer <= maxSide) return image;
        double scale = (double) maxSide / longer;
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            int y0 = y * image.height() / h;
            int y1 = Math.max(y0 + 1, (y + 1) * image.height() / h);
            for (int x = 0; x < w; x++) {
                int x0 = x * image.width() / w;
                int x1 = Math.max(x0 + 1, (x + 1) * image.width() / w);
                long[] sum = new long[3];
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        int source = 3 * (sy * image.width() + sx);
                        for (int c = 0; c < 3; c++) sum[c] += image.rgb()[source + c] & 0xFF;
                    }
                }
                int count = (y1 - y0) * (x1 - x0);
                for (int c = 0; c < 3; c++) out[3 * (y * w + x) + c] = (byte) Math.round((double) sum[c] / count);
            }
        }
        return new RgbImage(w, h, out);
    }
}
