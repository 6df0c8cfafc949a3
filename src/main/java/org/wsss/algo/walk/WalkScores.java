package org.wsss.algo.walk;

import org.wsss.algo.affinity.AffinityLabelRule;
import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;

/**
 * The random walk's way in and out at pixel level (ALGORITHM.md section 5): full-size CAMs become the walk's
 * {@code [background, cams]} scores at feature resolution, and walked scores become per-pixel scores and labels
 * at the image's size again.
 *
 * <p>Padding. The network sees the image padded at the bottom and right to a multiple of the stride, so the
 * feature grid's last row and column of blocks may lie partly in the padding. Each block's score is the mean over
 * its pixels <em>inside</em> the image; padded pixels count for nothing. PSA instead pads every channel,
 * background included, with zeros and averages over the whole block: that scales all channels of an edge block by
 * the same factor, which leaves the block's argmax alone but makes edge blocks weaker voters in the walk than
 * interior ones. Filling the padding with background 1 would go further and pull the image's edges towards
 * background. Averaging inside the image avoids both and matches how the affinity labels are reduced to stride 8
 * ({@link AffinityLabelRule#blockAverage}). No block lies wholly in the padding, which is less than one stride.
 */
public final class WalkScores {

    private WalkScores() {}

    /**
     * The walk's input: channel 0 the background {@code (1 - max_c cam_c)^backgroundPower}, computed per pixel,
     * then the CAMs, each averaged over the image pixels of every {@code stride x stride} block of the padded grid.
     *
     * @param cams K x H x W CAMs in [0, 1] at the image's size
     * @return (K + 1) x ceil(H / stride) x ceil(W / stride)
     */
    public static ChannelStack atFeatureResolution(ChannelStack cams, double backgroundPower, int stride) {
        ChannelStack scores = AffinityLabelRule.scoreStack(cams, backgroundPower);
        return AffinityLabelRule.blockAverage(scores, stride,
                ceilDiv(cams.height(), stride), ceilDiv(cams.width(), stride));
    }

    /**
     * Walked scores at pixel level: bilinear upsampling by {@code stride} (pixel centres aligned, as PyTorch's
     * {@code align_corners=False}) to the padded size, then the top-left {@code height x width}, the image.
     */
    public static ChannelStack atImageResolution(ChannelStack walked, int stride, int height, int width) {
        int paddedHeight = walked.height() * stride;
        int paddedWidth = walked.width() * stride;
        if (height > paddedHeight || width > paddedWidth || height <= paddedHeight - stride
                || width <= paddedWidth - stride) {
            throw new IllegalArgumentException("a " + walked.height() + " x " + walked.width() + " grid at stride "
                    + stride + " does not belong to a " + height + " x " + width + " image");
        }
        float[] upsampled = BilinearResize.resizePlanes(walked.values(), walked.channels(), walked.height(),
                walked.width(), paddedHeight, paddedWidth, false);
        ChannelStack padded = new ChannelStack(walked.channels(), paddedHeight, paddedWidth, upsampled);
        return crop(padded, height, width);
    }

    /**
     * The argmax of every pixel as a label: channel 0 is {@link LabelMap#BACKGROUND}, channel k is
     * {@code classIds[k - 1]}. Ties go to the lower channel, so background wins a tie.
     */
    public static LabelMap labels(ChannelStack scores, int[] classIds) {
        if (scores.channels() != classIds.length + 1) {
            throw new IllegalArgumentException("a stack of " + scores.channels() + " channels needs "
                    + (scores.channels() - 1) + " class ids, got " + classIds.length);
        }
        for (int classId : classIds) {
            if (classId <= LabelMap.BACKGROUND || classId >= LabelMap.IGNORE) {
                throw new IllegalArgumentException("class ids must lie in 1..254, got " + classId);
            }
        }
        int pixels = scores.pixels();
        float[] values = scores.values();
        float[] best = new float[pixels];
        System.arraycopy(values, 0, best, 0, pixels);
        byte[] labels = new byte[pixels];
        for (int channel = 1; channel < scores.channels(); channel++) {
            int base = channel * pixels;
            byte label = (byte) classIds[channel - 1];
            for (int pixel = 0; pixel < pixels; pixel++) {
                if (values[base + pixel] > best[pixel]) {
                    best[pixel] = values[base + pixel];
                    labels[pixel] = label;
                }
            }
        }
        return new LabelMap(scores.height(), scores.width(), labels);
    }

    /**
     * Each pixel's scores divided by their sum, so they form a distribution (a pixel whose scores are all 0
     * becomes uniform). The dense CRF's unary {@code -log(clip(p, floor, 1))} then differs from one on the raw
     * scores only by a per-pixel constant, which mean-field inference ignores, except where raw scores fall below
     * the floor: there the raw unary would flatten differences that the distribution keeps.
     */
    public static ChannelStack pixelDistributions(ChannelStack scores) {
        int pixels = scores.pixels();
        int channels = scores.channels();
        float[] values = scores.values();
        float[] sums = new float[pixels];
        for (int channel = 0; channel < channels; channel++) {
            int base = channel * pixels;
            for (int pixel = 0; pixel < pixels; pixel++) {
                sums[pixel] += values[base + pixel];
            }
        }
        float uniform = 1f / channels;
        float[] distributions = new float[values.length];
        for (int channel = 0; channel < channels; channel++) {
            int base = channel * pixels;
            for (int pixel = 0; pixel < pixels; pixel++) {
                float sum = sums[pixel];
                distributions[base + pixel] = sum > 0 ? values[base + pixel] / sum : uniform;
            }
        }
        return new ChannelStack(channels, scores.height(), scores.width(), distributions);
    }

    private static ChannelStack crop(ChannelStack stack, int height, int width) {
        if (stack.height() == height && stack.width() == width) {
            return stack;
        }
        ChannelStack cropped = ChannelStack.zeros(stack.channels(), height, width);
        for (int channel = 0; channel < stack.channels(); channel++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(stack.values(), stack.index(channel, y, 0),
                        cropped.values(), cropped.index(channel, y, 0), width);
            }
        }
        return cropped;
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
