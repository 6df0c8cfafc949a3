package org.wsss.algo.seg;

import org.wsss.algo.maps.LabelMap;

/** Pet against background: the two-class labels of {@code wsss.train-seg.binary}. */
public final class BinaryLabels {
    /** The one foreground class of a binary network. */
    public static final int PET = 1;

    private BinaryLabels() {}

    /** Every class id becomes {@link #PET}; background and {@link LabelMap#IGNORE} stay as they are. */
    public static byte[] of(byte[] labels) {
        byte[] binary = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int label = Byte.toUnsignedInt(labels[i]);
            binary[i] = (byte) (label == LabelMap.BACKGROUND || label == LabelMap.IGNORE ? label : PET);
        }
        return binary;
    }

    /** A binary mask's pet pixels given the image's class id (the index knows it), background kept. */
    public static byte[] withClass(byte[] binary, int classId) {
        byte[] labels = new byte[binary.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (binary[i] == PET ? classId : binary[i]);
        }
        return labels;
    }
}
