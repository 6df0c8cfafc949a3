package org.wsss.algo.cam;

import java.util.Arrays;

/**
 * Class activation maps of the classes present in an image, at image resolution: plane k holds the scores of
 * class {@code classes[k]}, row-major.
 *
 * @param classes the class indices (classifier outputs) the planes belong to
 * @param height image rows
 * @param width image columns
 * @param scores {@code classes.length * height * width} values
 */
public record ClassCams(int[] classes, int height, int width, float[] scores) {

    public ClassCams {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("empty CAM grid " + height + "x" + width);
        }
        if (scores.length != (long) classes.length * height * width) {
            throw new IllegalArgumentException("expected " + (long) classes.length * height * width
                    + " scores, got " + scores.length);
        }
    }

    /** A copy of the scores of the k-th present class. */
    public float[] plane(int k) {
        int pixels = height * width;
        return Arrays.copyOfRange(scores, k * pixels, (k + 1) * pixels);
    }

    public float get(int k, int y, int x) {
        return scores[(k * height + y) * width + x];
    }
}
