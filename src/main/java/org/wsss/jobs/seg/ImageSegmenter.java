package org.wsss.jobs.seg;

import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.seg.LabelScaling;
import org.wsss.algo.seg.OneClass;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.seg.SegModel;

/**
 * One forward pass of the segmentation network per image: normalised, shrunk first when its longer side exceeds
 * the cap (the mask is scaled back to the image), the most likely class per pixel. With a dense CRF, also that mask
 * refined as PSA and DeepLab refine their network's output: the CRF starts from the softmax scores of the classes
 * the network puts somewhere in the image and pulls the outlines to the photo's colour edges. Not thread-safe
 * beyond what the model allows: one per task.
 */
public final class ImageSegmenter {
    private static final boolean ANTIALIAS = true;
    private static final int RGB_LEVELS = 255;

    private final SegModel model;
    private final int maxLongSide;
    private final boolean oneClass;
    private final DenseCrf crf;

    /** The network's masks of one image, at the image's size; {@code refined} is null without a CRF. */
    public record Masks(LabelMap plain, LabelMap refined) {
        /** The refined mask when there is one. */
        public LabelMap best() {
            return refined != null ? refined : plain;
        }
    }

    /**
     * @param oneClass whether every pet pixel takes the image's majority class ({@link OneClass})
     * @param crf the CRF for refined masks; {@code null} when none are wanted
     */
    public ImageSegmenter(SegModel model, int maxLongSide, boolean oneClass, DenseCrf crf) {
        this.model = model;
        this.maxLongSide = maxLongSide;
        this.oneClass = oneClass;
        this.crf = crf;
    }

    /** Whether {@link #masks} refines. */
    public boolean refines() {
        return crf != null;
    }

    /** The image's best mask at its own size; class ids as the network numbers them (0 background). */
    public LabelMap segment(RgbImage photo) {
        return masks(photo).best();
    }

    /** The image's masks at its own size, the refined one only with a CRF. */
    public Masks masks(RgbImage photo) {
        FloatImage image = FloatImage.fromInterleavedRgb(photo.width(), photo.height(), photo.rgb());
        int[] size = LabelScaling.cappedSize(image.height(), image.width(), maxLongSide);
        boolean shrunk = size[0] != image.height() || size[1] != image.width();
        if (shrunk) image = BilinearResize.resize(image, size[0], size[1], ANTIALIAS);
        SegModel.Prediction prediction = model.predict(HostTensor.batchOfOne(ImageNetNormalization.normalize(image)),
                crf != null);
        LabelMap plain = atPhotoSize(prediction.labels(), size, photo);
        if (crf == null) return new Masks(plain, null);
        byte[] rgb = shrunk ? interleaved(image) : photo.rgb();
        return new Masks(plain, atPhotoSize(refine(rgb, prediction, size[0], size[1]), size, photo));
    }

    /** The CRF's most likely class per pixel; an image the network calls all background stays so. */
    private byte[] refine(byte[] rgb, SegModel.Prediction prediction, int height, int width) {
        int[] classes = prediction.classes();
        if (classes.length == 1) return prediction.labels();
        int pixels = height * width;
        float[] marginals = crf.infer(rgb, prediction.probabilities(), classes.length, height, width);
        int[] best = DenseCrf.argmax(marginals, classes.length, pixels);
        byte[] labels = new byte[pixels];
        for (int p = 0; p < pixels; p++) labels[p] = (byte) classes[best[p]];
        return labels;
    }

    private LabelMap atPhotoSize(byte[] labels, int[] size, RgbImage photo) {
        byte[] voted = oneClass ? OneClass.majority(labels) : labels;
        return LabelScaling.nearest(new LabelMap(size[0], size[1], voted), photo.height(), photo.width());
    }

    /** The 8-bit interleaved RGB of a planar image with values in [0, 1], as the CRF reads colours. */
    private static byte[] interleaved(FloatImage image) {
        int pixels = image.pixels();
        byte[] rgb = new byte[pixels * image.channels()];
        for (int c = 0; c < image.channels(); c++) {
            for (int p = 0; p < pixels; p++) {
                float value = Math.min(1f, Math.max(0f, image.values()[c * pixels + p]));
                rgb[p * image.channels() + c] = (byte) Math.round(value * RGB_LEVELS);
            }
        }
        return rgb;
    }
}
