package org.wsss.algo.affinity;

import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;

/**
 * Turns CAMs into the confident-foreground / confident-background / unknown labels AffinityNet trains
 * on (PSA, section 3 of ALGORITHM.md).
 *
 * <p>Two score stacks {@code [bg, cams]} are built with background {@code (1 - max_c cam_c)^alpha}.
 * Because the base lies in [0, 1], a <em>larger</em> alpha gives a <em>smaller</em> background score:
 * with the low alpha (4) background is strong and only confident objects win the argmax; with the high
 * alpha (32) background is weak and only confident background wins. Hence the rule, after a dense CRF
 * on each stack:
 * <ol>
 *   <li>start from the argmax of the low-alpha stack;</li>
 *   <li>where that argmax is background, the object is not confident: {@link LabelMap#IGNORE};</li>
 *   <li>where the high-alpha argmax is background too, background is confident: {@link LabelMap#BACKGROUND}
 *       (this step wins over the previous one).</li>
 * </ol>
 * Swapping the two stacks silently inverts the confidence of both regions, a known trap.
 *
 * <p>At feature resolution the same rule is applied to the block-averaged low and high stacks: the
 * argmax of an averaged stack is the class with the most score mass in the block, which is what
 * averaging before the argmax (instead of nearest-neighbour sampling of labels) is for.
 *
 * <p>Argmax ties go to the lower channel, so background wins a tie (numpy's convention).
 */
public final class AffinityLabelRule {

    /** Background exponent of the stack that decides confident foreground. */
    public static final double DEFAULT_LOW_ALPHA = 4;
    /** Background exponent of the stack that decides confident background (PSA's code; the paper used 24). */
    public static final double DEFAULT_HIGH_ALPHA = 32;
    /** Output stride of the feature maps the labels are reduced to. */
    public static final int FEATURE_STRIDE = 8;

    /** Channel of the background score in a score stack; channel c > 0 is CAM c - 1. */
    public static final int BACKGROUND_CHANNEL = 0;

    private AffinityLabelRule() {
    }

    /** Per pixel {@code (1 - max_c cam_c)^alpha}; with no CAM channels every pixel scores 1. */
    public static float[] backgroundScore(ChannelStack cams, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
        int pixels = cams.pixels();
        float[] maxCam = new float[pixels];
        float[] values = cams.values();
        for (int channel = 0; channel < cams.channels(); channel++) {
            int base = channel * pixels;
            for (int pixel = 0; pixel < pixels; pixel++) {
                maxCam[pixel] = Math.max(maxCam[pixel], values[base + pixel]);
            }
        }
        float[] background = new float[pixels];
        for (int pixel = 0; pixel < pixels; pixel++) {
            background[pixel] = (float) Math.pow(1.0 - maxCam[pixel], alpha);
        }
        return background;
    }

    /** The stack {@code [bg, cam_1, ..., cam_K]}, (K + 1) x H x W. */
    public static ChannelStack scoreStack(ChannelStack cams, double alpha) {
        int pixels = cams.pixels();
        float[] stack = new float[(cams.channels() + 1) * pixels];
        System.arraycopy(backgroundScore(cams, alpha), 0, stack, BACKGROUND_CHANNEL * pixels, pixels);
        System.arraycopy(cams.values(), 0, stack, pixels, cams.values().length);
        return new ChannelStack(cams.channels() + 1, cams.height(), cams.width(), stack);
    }

    /**
     * The rule at full resolution.
     *
     * @param lowAlphaScores  (K + 1) x H x W scores (after CRF) built with the low alpha
     * @param highAlphaScores the same built with the high alpha
     * @param classIds        class id of CAM channel k at position k - 1, each in 1..254
     */
    public static LabelMap combine(ChannelStack lowAlphaScores, ChannelStack highAlphaScores, int[] classIds) {
        requireMatchingStacks(lowAlphaScores, highAlphaScores, classIds);
        int pixels = lowAlphaScores.pixels();
        byte[] labels = new byte[pixels];
        for (int pixel = 0; pixel < pixels; pixel++) {
            labels[pixel] = (byte) label(argmax(lowAlphaScores, pixel), argmax(highAlphaScores, pixel), classIds);
        }
        return new LabelMap(lowAlphaScores.height(), lowAlphaScores.width(), labels);
    }

    /** The rule at {@code stride}, on a grid of {@code ceil(H / stride) x ceil(W / stride)} blocks. */
    public static LabelMap combineAtStride(ChannelStack lowAlphaScores, ChannelStack highAlphaScores,
            int[] classIds, int stride) {
        return combineAtStride(lowAlphaScores, highAlphaScores, classIds, stride,
                ceilDiv(lowAlphaScores.height(), stride), ceilDiv(lowAlphaScores.width(), stride));
    }

    /**
     * The rule at {@code stride} on an {@code outHeight x outWidth} grid anchored at the image's top-left
     * corner, as for an image padded at the bottom and right. Blocks that lie wholly in the padding are
     * {@link LabelMap#IGNORE}.
     */
    public static LabelMap combineAtStride(ChannelStack lowAlphaScores, ChannelStack highAlphaScores,
            int[] classIds, int stride, int outHeight, int outWidth) {
        requireMatchingStacks(lowAlphaScores, highAlphaScores, classIds);
        ChannelStack low = blockAverage(lowAlphaScores, stride, outHeight, outWidth);
        ChannelStack high = blockAverage(highAlphaScores, stride, outHeight, outWidth);
        byte[] labels = new byte[outHeight * outWidth];
        for (int blockY = 0; blockY < outHeight; blockY++) {
            for (int blockX = 0; blockX < outWidth; blockX++) {
                int block = blockY * outWidth + blockX;
                boolean padding = blockY * stride >= lowAlphaScores.height()
                        || blockX * stride >= lowAlphaScores.width();
                labels[block] = (byte) (padding
                        ? LabelMap.IGNORE
                        : label(argmax(low, block), argmax(high, block), classIds));
            }
        }
        return new LabelMap(outHeight, outWidth, labels);
    }

    /**
     * Per channel mean of each {@code stride x stride} block over the pixels inside the image; a block
     * wholly outside the image averages to 0.
     */
    public static ChannelStack blockAverage(ChannelStack scores, int stride, int outHeight, int outWidth) {
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be positive, got " + stride);
        }
        if (outHeight < ceilDiv(scores.height(), stride) || outWidth < ceilDiv(scores.width(), stride)) {
            throw new IllegalArgumentException("a " + outHeight + " x " + outWidth + " grid at stride " + stride
                    + " does not cover a " + scores.height() + " x " + scores.width() + " image");
        }
        int height = scores.height();
        int width = scores.width();
        float[] averages = new float[scores.channels() * outHeight * outWidth];
        for (int channel = 0; channel < scores.channels(); channel++) {
            for (int blockY = 0; blockY < outHeight; blockY++) {
                int rowEnd = Math.min(height, (blockY + 1) * stride);
                for (int blockX = 0; blockX < outWidth; blockX++) {
                    int columnEnd = Math.min(width, (blockX + 1) * stride);
                    double sum = 0;
                    int inside = 0;
                    for (int y = blockY * stride; y < rowEnd; y++) {
                        for (int x = blockX * stride; x < columnEnd; x++) {
                            sum += scores.get(channel, y, x);
                            inside++;
                        }
                    }
                    averages[(channel * outHeight + blockY) * outWidth + blockX] =
                            inside == 0 ? 0f : (float) (sum / inside);
                }
            }
        }
        return new ChannelStack(scores.channels(), outHeight, outWidth, averages);
    }

    private static int label(int lowArgmax, int highArgmax, int[] classIds) {
        if (highArgmax == BACKGROUND_CHANNEL) {
            return LabelMap.BACKGROUND;
        }
        if (lowArgmax == BACKGROUND_CHANNEL) {
            return LabelMap.IGNORE;
        }
        return classIds[lowArgmax - 1];
    }

    private static int argmax(ChannelStack scores, int pixel) {
        int pixels = scores.pixels();
        float[] values = scores.values();
        int best = 0;
        for (int channel = 1; channel < scores.channels(); channel++) {
            if (values[channel * pixels + pixel] > values[best * pixels + pixel]) {
                best = channel;
            }
        }
        return best;
    }

    private static void requireMatchingStacks(ChannelStack low, ChannelStack high, int[] classIds) {
        if (low.channels() != high.channels() || !low.sameGridAs(high)) {
            throw new IllegalArgumentException("low- and high-alpha stacks differ in shape: "
                    + low.channels() + " x " + low.height() + " x " + low.width() + " vs "
                    + high.channels() + " x " + high.height() + " x " + high.width());
        }
        if (low.channels() != classIds.length + 1) {
            throw new IllegalArgumentException("a stack of " + low.channels() + " channels needs "
                    + (low.channels() - 1) + " class ids, got " + classIds.length);
        }
        for (int classId : classIds) {
            if (classId <= LabelMap.BACKGROUND || classId >= LabelMap.IGNORE) {
                throw new IllegalArgumentException("class ids must lie in 1..254, got " + classId);
            }
        }
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
