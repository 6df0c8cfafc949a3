package org.wsss.algo.crf;

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
        executor.forRange(height, (fromRow, toRow) -> {
            for (int y = fromRow; y < toRow; y++) {
                for (int x = 0; x < width; x++) {
                    int at = POSITION_DIM * (y * width + x);
                    features[at] = x / sxy;
                    features[at + 1] = y / sxy;
                }
            }
        });
        return features;
    }

    /** (x / sxy, y / sxy, r / srgb, g / srgb, b / srgb) per pixel. */
    static float[] positionAndColour(byte[] rgb, int height, int width, float sxy, float srgb,
                                     RangeExecutor executor) {
        float[] features = new float[POSITION_COLOUR_DIM * height * width];
        executor.forRange(height, (fromRow, toRow) -> {
            for (int y = fromRow; y < toRow; y++) {
                for (int x = 0; x < width; x++) {
                    int pixel = y * width + x;
                    int at = POSITION_COLOUR_DIM * pixel;
                    features[at] = x / sxy;
                    features[at + 1] = y / sxy;
                    features[at + 2] = (rgb[3 * pixel] & 0xFF) / srgb;
                    features[at + 3] = (rgb[3 * pixel + 1] & 0xFF) / srgb;
                    features[at + 4] = (rgb[3 * pixel + 2] & 0xFF) / srgb;
                }
            }
        });
        return features;
    }
}
