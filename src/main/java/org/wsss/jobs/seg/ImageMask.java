package org.wsss.jobs.seg;

import java.io.Serializable;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.seg.LabelScaling;

/**
 * The segmentation network's answer for one encoded image, as plain values: its size, the classes in the mask and
 * the mask as a label PNG; or why there is none.
 *
 * @param labels the mask's labels (null on error), kept for writing a palette PNG beside the table
 * @param error null when the image was segmented
 */
public record ImageMask(int width, int height, int[] classes, byte[] maskPng, byte[] labels, String error)
        implements Serializable {
    public static final String UNDECODABLE_IMAGE = "undecodable image";

    public boolean ok() {
        return error == null;
    }

    /** Decodes {@code encoded} (any format the image codecs read) and segments it. */
    public static ImageMask of(ImageSegmenter segmenter, byte[] encoded) {
        RgbImage photo;
        try {
            photo = ImageDecoding.decodeRgb(encoded);
        } catch (Exception e) {
            return failed(UNDECODABLE_IMAGE + ": " + e.getMessage());
        }
        LabelMap mask = segmenter.segment(photo);
        return new ImageMask(photo.width(), photo.height(), LabelScaling.presentClasses(mask.labels()),
                ImageEncoding.labelPng(mask.labels(), photo.width(), photo.height()), mask.labels(), null);
    }

    public static ImageMask failed(String error) {
        return new ImageMask(0, 0, new int[0], null, null, error);
    }

    /** The mask coloured with the class palette, for people to look at. */
    public byte[] palettePng() {
        return ImageEncoding.paletteMaskPng(labels, width, height);
    }
}
