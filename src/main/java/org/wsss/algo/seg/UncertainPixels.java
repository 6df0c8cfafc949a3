package org.wsss.algo.seg;

import org.wsss.algo.maps.LabelMap;

/**
 * Which pseudo-labels the segmentation network is not trained on. Two masks of one image that disagree about a
 * pixel (the random walk's {@code rw} and its CRF-refined {@code rw_crf}) are a cheap sign that neither is sure
 * there, so such pixels become {@link LabelMap#IGNORE} and drop out of the loss.
 */
public enum UncertainPixels {
    /** Pixels where the training masks and a second method's masks differ are ignored. */
    DISAGREEMENT,
    /** Every pixel of the training masks counts. */
    NONE;

    /**
     * The training labels: {@code chosen} with every pixel where {@code other} differs set to
     * {@link LabelMap#IGNORE}. Neither input is changed.
     */
    public static byte[] disagreement(byte[] chosen, byte[] other) {
        if (chosen.length != other.length) {
            throw new IllegalArgumentException("masks of " + chosen.length + " and " + other.length
                    + " pixels cannot be compared");
        }
        byte[] labels = chosen.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != other[i]) labels[i] = (byte) LabelMap.IGNORE;
        }
        return labels;
    }
}
