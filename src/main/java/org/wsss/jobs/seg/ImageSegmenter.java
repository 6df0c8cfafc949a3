package org.wsss.jobs.seg;

import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.seg.LabelScaling;
import org.wsss.algo.seg.OneClass;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.seg.SegModel;

/**
 * One forward pass of the segmentation network per image: normalised, shrunk first when its longer side exceeds
 * the cap (the mask is scaled back to the image), the most likely class per pixel. Not thread-safe beyond what the
 * model allows: one per task.
 */
public final class ImageSegmenter {
    private static final boolean ANTIALIAS = true;

    private final SegModel model;
    private final int maxLongSide;
    private final boolean oneClass;

    /** @param oneClass whether every pet pixel takes the image's majority class ({@link OneClass}) */
    public ImageSegmenter(SegModel model, int maxLongSide, boolean oneClass) {
        this.model = model;
        this.maxLongSide = maxLongSide;
        this.oneClass = oneClass;
    }

    /** The image's mask at its own size; class ids as the network numbers them (0 background). */
    public LabelMap segment(RgbImage photo) {
        FloatImage image = FloatImage.fromInterleavedRgb(photo.width(), photo.height(), photo.rgb());
        int[] size = LabelScaling.cappedSize(image.height(), image.width(), maxLongSide);
        if (size[0] != image.height() || size[1] != image.width()) {
            image = BilinearResize.resize(image, size[0], size[1], ANTIALIAS);
        }
        FloatImage normalised = ImageNetNormalization.normalize(image);
        byte[] labels = model.labels(HostTensor.batchOfOne(normalised));
        if (oneClass) labels = OneClass.majority(labels);
        return LabelScaling.nearest(new LabelMap(size[0], size[1], labels), photo.height(), photo.width());
    }
}
