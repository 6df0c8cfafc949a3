package org.wsss.algo.crf;

import org.wsss.algo.parallel.RangeExecutor;
/**
 * Feature vectors of the two CRF kernels, pixel by pixel. Divisions are in float, as in DenseCRF2D, so lattice
 * coordinates match the reference.
 */
final class CrfFeatures {

    static final int POSITION_DIM = 2;
    static final int POSITION_COLOUR_DIM = 5;

    private CrfFeatures() {
    }

    /** (x / sxy, y / sxy) per pixel. */
    static float[] position(int height, int width, float sxy, RangeExecutor executor) {
        float[] features = new float[POSITION_DIM * height * width];
        executor.forRange(height * width, (from, to) -> {
            int x = from % width;
            int y = from / width;
            for (int p = from; p < to; p++) {
                features[POSITION_DIM * p] = x / sxy;
                features[POSITION_DIM * p + 1] = y / sxy;
                if (++x == width) {
                    x = 0;
                    y++;
                }
            }
        });
        return features;
    }

    /** (x / sxy, y / sxy, r / srgb, g / srgb, b / srgb) per pixel. */
    static float[] positionAndColour(byte[] rgb, int height, int width, float sxy, float srgb,
                                     RangeExecutor executor) {
        float[] features = new float[POSITION_COLOUR_DIM * height * width];
        executor.forRange(height * width, (from, to) -> {
            int x = from % width;
            int y = from / width;
            for (int p = from; p < to; p++) {
                int at = POSITION_COLOUR_DIM * p;
                features[at] = x / sxy;
                features[at + 1] = y / sxy;
                features[at + 2] = (rgb[3 * p] & 0xFF) / srgb;
                features[at + 3] = (rgb[3 * p + 1] & 0xFF) / srgb;
                features[at + 4] = (rgb[3 * p + 2] & 0xFF) / srgb;
                if (++x == width) {
                    x = 0;
                    y++;
                }
            }
        });
        return features;
    }
}
