package org.wsss.algo.augment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where a square crop takes its content from: source rows {@code sourceTop .. sourceTop + height - 1} (columns
 * likewise) land at {@code targetTop, targetLeft} of a {@code cropSize x cropSize} output. Along an axis longer
 * than the crop the source offset is random; along a shorter one the image is placed at a random offset inside the
 * crop and the rest is padding (PSA's {@code RandomCrop}).
 *
 * @param sourceTop first source row copied
 * @param sourceLeft first source column copied
 * @param targetTop row of the crop it lands on
 * @param targetLeft column of the crop it lands on
 * @param height rows copied
 * @param width columns copied
 * @param cropSize side of the output
 */
public record CropWindow(
        int sourceTop, int sourceLeft, int targetTop, int targetLeft, int height, int width, int cropSize) {

    /** Label value of padding: ignored by losses and metrics. */
    public static final byte IGNORE_LABEL = (byte) 255;

    /**
     * A random crop of an image.
     *
     * @param alignment every offset is a multiple of this (1 for none; the label stride when labels come at a
     *     coarser grid anchored at the image's top-left corner, so crops keep label blocks whole)
     */
    public static CropWindow random(
            int imageHeight, int imageWidth, int cropSize, int alignment, SplittableRandom random) {
        if (cropSize <= 0 || alignment <= 0 || cropSize % alignment != 0) {
            throw new IllegalArgumentException("crop size " + cropSize + " must be a positive multiple of alignment "
                    + alignment);
        }
        int[] rows = axis(imageHeight, cropSize, alignment, random);
        int[] columns = axis(imageWidth, cropSize, alignment, random);
        return new CropWindow(rows[0], columns[0], rows[1], columns[1], rows[2], columns[2], cropSize);
    }

    /** Source offset, target offset and extent along one axis. */
    private static int[] axis(int imageSize, int cropSize, int alignment, SplittableRandom random) {
        int space = imageSize - cropSize;
        int source = 0;
        int target = 0;
        if (space > 0) {
            source = alignment * random.nextInt(space / alignment + 1);
        } else {
            target = alignment * random.nextInt(-space / alignment + 1);
        }
        int extent = Math.min(cropSize - target, imageSize - source);
        return new int[] {source, target, extent};
    }

    /** The crop of an image; padding is zero (the mean, after normalisation). */
    public FloatImage apply(FloatImage image) {
        FloatImage crop = FloatImage.zeros(image.channels(), cropSize, cropSize);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(image.values(), image.index(c, sourceTop + y, sourceLeft),
                        crop.values(), crop.index(c, targetTop + y, targetLeft), width);
            }
        }
        return crop;
    }

    /**
     * The crop of a label map on a grid {@code stride} times coarser than the image (1 for full resolution),
     * anchored at the image's top-left corner, so of size {@code ceil(H / stride) x ceil(W / stride)}. Padding is
     * {@link #IGNORE_LABEL}. Requires a window aligned to {@code stride}.
     */
    public byte[] applyToLabels(byte[] labels, int labelHeight, int labelWidth, int stride) {
        if (labels.length != labelHeight * labelWidth) {
            throw new IllegalArgumentException("expected " + labelHeight * labelWidth + " labels, got " + labels.length);
        }
        if (sourceTop % stride != 0 || sourceLeft % stride != 0 || targetTop % stride != 0
                || targetLeft % stride != 0 || cropSize % stride != 0) {
            throw new IllegalArgumentException("window " + this + " is not aligned to stride " + stride);
        }
        int side = cropSize / stride;
        byte[] crop = new byte[side * side];
        Arrays.fill(crop, IGNORE_LABEL);
        int rows = Math.min(ceilDiv(height, stride), labelHeight - sourceTop / stride);
        int columns = Math.min(ceilDiv(width, stride), labelWidth - sourceLeft / stride);
        for (int y = 0; y < rows; y++) {
            System.arraycopy(labels, (sourceTop / stride + y) * labelWidth + sourceLeft / stride,
                    crop, (targetTop / stride + y) * side + targetLeft / stride, columns);
        }
        return crop;
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
