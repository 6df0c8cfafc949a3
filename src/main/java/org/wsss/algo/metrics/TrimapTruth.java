package org.wsss.algo.metrics;

import org.wsss.algo.maps.LabelMap;

/**
 * Ground truth read from an Oxford-IIIT Pet trimap: the pet becomes the image's class, the background class 0, and
 * the uncertain band along the outline {@link LabelMap#IGNORE}, so that it counts for no one (ALGORITHM.md, known
 * traps: the border is not pet).
 */
public final class TrimapTruth {
    public static final int TRIMAP_PET = 1;
    public static final int TRIMAP_BACKGROUND = 2;
    public static final int TRIMAP_BORDER = 3;

    private TrimapTruth() {}

    /** Labels for a trimap of values 1..3; any other value is an error naming it. */
    public static byte[] labels(int[] trimap, int classId) {
        if (classId <= LabelMap.BACKGROUND || classId >= LabelMap.IGNORE) {
            throw new IllegalArgumentException("class id " + classId + " is not a foreground class");
        }
        byte[] labels = new byte[trimap.length];
        for (int i = 0; i < trimap.length; i++) {
            labels[i] = (byte) switch (trimap[i]) {
                case TRIMAP_PET -> classId;
                case TRIMAP_BACKGROUND -> LabelMap.BACKGROUND;
                case TRIMAP_BORDER -> LabelMap.IGNORE;
                default -> throw new IllegalArgumentException("trimap value " + trimap[i] + " at pixel " + i
                        + " is not 1 (pet), 2 (background) or 3 (border)");
            };
        }
        return labels;
    }
}
