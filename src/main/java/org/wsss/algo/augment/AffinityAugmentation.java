package org.wsss.algo.augment;

import java.util.SplittableRandom;

/**
 * Stage-2 augmentation (ALGORITHM.md section 4): colour jitter and ImageNet normalisation of the image, then the
 * same random crop and horizontal flip of the image and its label map; no rescaling. The label map may be on a grid
 * {@code labelStride} times coarser than the image (anchored at its top-left corner); crop offsets are then
 * multiples of the stride, and the flip is applied after cropping so label blocks stay aligned with pixels.
 *
 * @param flipProbability probability of a horizontal flip
 * @param jitter colour jitter strengths
 * @param cropSize side of the square output image, a multiple of {@code labelStride}
 * @param labelStride image pixels per label cell along each axis (1 for full-resolution labels)
 */
public record AffinityAugmentation(double flipProbability, ColorJitter jitter, int cropSize, int labelStride)
        implements java.io.Serializable {

    private static final double PSA_FLIP_PROBABILITY = 0.5;
    private static final int PSA_CROP = 448;

    public AffinityAugmentation {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
        if (jitter == null) {
            throw new IllegalArgumentException("jitter is required (ColorJitter.none() for none)");
        }
        if (labelStride < 1 || cropSize < 1 || cropSize % labelStride != 0) {
            throw new IllegalArgumentException("crop size " + cropSize + " must be a positive multiple of the label stride "
                    + labelStride);
        }
    }

    /** PSA's settings (flip 0.5, jitter 0.3/0.3/0.3/0.1, crop 448) for labels at the given stride. */
    public static AffinityAugmentation psa(int labelStride) {
        return new AffinityAugmentation(PSA_FLIP_PROBABILITY, ColorJitter.psa(), PSA_CROP, labelStride);
    }

    /** A normalised image crop and its label crop ({@code cropSize / labelStride} square, padding 255). */
    public record Pair(FloatImage image, int labelSide, byte[] labels) {}

    /**
     * @param rgb the image with values in [0, 1]
     * @param labels its label map, {@code ceil(H / labelStride) x ceil(W / labelStride)}, row-major
     */
    public Pair apply(FloatImage rgb, byte[] labels, SplittableRandom random) {
        int labelHeight = ceilDiv(rgb.height(), labelStride);
        int labelWidth = ceilDiv(rgb.width(), labelStride);
        if (labels.length != labelHeight * labelWidth) {
            throw new IllegalArgumentException("a " + rgb.height() + "x" + rgb.width() + " image at label stride "
                    + labelStride + " needs " + labelHeight + "x" + labelWidth + " labels, got " + labels.length);
        }
        FloatImage image = ImageNetNormalization.normalize(jitter.apply(rgb, random));
        CropWindow window = CropWindow.random(image.height(), image.width(), cropSize, labelStride, random);
        FloatImage imageCrop = window.apply(image);
        byte[] labelCrop = window.applyToLabels(labels, labelHeight, labelWidth, labelStride);
        int labelSide = cropSize / labelStride;
        if (random.nextDouble() < flipProbability) {
            imageCrop = HorizontalFlip.flip(imageCrop);
            labelCrop = HorizontalFlip.flipLabels(labelCrop, labelSide, labelSide);
        }
        return new Pair(imageCrop, labelSide, labelCrop);
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
