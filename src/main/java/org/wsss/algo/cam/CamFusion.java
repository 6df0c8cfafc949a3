package org.wsss.algo.cam;

import java.util.Arrays;
import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.augment.HorizontalFlip;

/**
 * Fuses the CAMs of several passes of one image (scales, flips) as PSA does (ALGORITHM.md section 2): each pass's
 * maps of the present classes are bilinearly resized to the image size ({@code align_corners=False}), flipped
 * back if the pass saw the mirrored image, and summed; {@link #normalised()} divides each class by its maximum
 * plus {@code 1e-5}, giving values in [0, 1).
 */
public final class CamFusion {

    /** Added to each class's maximum so all-zero maps stay zero instead of dividing by zero. */
    public static final float NORMALISATION_EPSILON = 1e-5f;

    private final int[] presentClasses;
    private final int height;
    private final int width;
    private final float[] sum;
    private int passes;

    /**
     * @param presentClasses indices of the classes to keep, into each pass's class planes
     * @param height image rows
     * @param width image columns
     */
    public CamFusion(int[] presentClasses, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("empty image " + height + "x" + width);
        }
        this.presentClasses = presentClasses.clone();
        this.height = height;
        this.width = width;
        this.sum = new float[presentClasses.length * height * width];
    }

    /**
     * Adds one pass.
     *
     * @param cams the pass's maps, {@code classCount x camHeight x camWidth}
     * @param mirrored whether the pass saw the horizontally flipped image
     */
    public void add(float[] cams, int classCount, int camHeight, int camWidth, boolean mirrored) {
        int camPixels = camHeight * camWidth;
        if (cams.length != classCount * camPixels) {
            throw new IllegalArgumentException("expected " + classCount * camPixels + " CAM values, got " + cams.length);
        }
        int pixels = height * width;
        for (int k = 0; k < presentClasses.length; k++) {
            int c = presentClasses[k];
            if (c < 0 || c >= classCount) {
                throw new IllegalArgumentException("class " + c + " is not among the " + classCount + " CAM planes");
            }
            float[] plane = Arrays.copyOfRange(cams, c * camPixels, (c + 1) * camPixels);
            float[] resized = BilinearResize.resizePlanes(plane, 1, camHeight, camWidth, height, width, false);
            if (mirrored) {
                resized = HorizontalFlip.flipPlanes(resized, 1, height, width);
            }
            int base = k * pixels;
            for (int i = 0; i < pixels; i++) {
                sum[base + i] += resized[i];
            }
        }
        passes++;
    }

    /** Number of passes added. */
    public int passes() {
        return passes;
    }

    /** The summed maps, each class divided by (its maximum + 1e-5). */
    public ClassCams normalised() {
        if (passes == 0) {
            throw new IllegalStateException("no CAM pass was added");
        }
        int pixels = height * width;
        float[] normalised = new float[sum.length];
        for (int k = 0; k < presentClasses.length; k++) {
            int base = k * pixels;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < pixels; i++) {
                max = Math.max(max, sum[base + i]);
            }
            float denominator = max + NORMALISATION_EPSILON;
            for (int i = 0; i < pixels; i++) {
                normalised[base + i] = sum[base + i] / denominator;
            }
        }
        return new ClassCams(presentClasses.clone(), height, width, normalised);
    }
}
