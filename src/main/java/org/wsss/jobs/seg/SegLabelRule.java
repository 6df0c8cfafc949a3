package org.wsss.jobs.seg;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.maps.LabelMap;
import org.wsss.algo.seg.BinaryLabels;
import org.wsss.algo.seg.UncertainPixels;
import org.wsss.io.BadInputException;

/**
 * Turns a sample's stored masks into its training labels: decoded, checked against the image's size, uncertain
 * pixels set to 255 ({@link UncertainPixels}), and reduced to pet / background for a binary network.
 *
 * @param binary whether the network has two classes
 */
public record SegLabelRule(boolean binary) implements Serializable {

    /** The labels of {@code sample}, whose image is {@code width x height}. */
    public LabelMap labels(SegSample sample, int width, int height) {
        byte[] labels = decode(sample.maskPng(), sample, width, height);
        if (sample.secondOpinionPng() != null) {
            labels = UncertainPixels.disagreement(labels, decode(sample.secondOpinionPng(), sample, width, height));
        }
        if (binary) labels = BinaryLabels.of(labels);
        return new LabelMap(height, width, labels);
    }

    private static byte[] decode(byte[] png, SegSample sample, int width, int height) {
        int[] size = new int[2];
        int[] values;
        try {
            values = ImageDecoding.decodeFirstBand(png, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a training mask of image " + sample.imageId(), e);
        }
        if (size[0] != width || size[1] != height) {
            throw new UncheckedIOException(new BadInputException("a training mask of image " + sample.imageId()
                    + " is " + size[0] + "x" + size[1] + " but its image is " + width + "x" + height
                    + ": re-run the stage that wrote it"));
        }
        byte[] labels = new byte[values.length];
        for (int i = 0; i < values.length; i++) labels[i] = (byte) values[i];
        return labels;
    }
}
