package org.wsss.algo.seg;

import org.wsss.algo.maps.LabelMap;

/**
 * The one-pet-per-image prior of Oxford-IIIT Pet: a per-pixel network may call the head one breed and the body
 * another, since only the face tells breeds apart; every pet pixel then takes the class most of them have (ties
 * to the lower id), so the mask keeps the network's outline and names one breed.
 */
public final class OneClass {
    private OneClass() {}

    /** {@code labels} with every class pixel set to the most frequent class; background and 255 unchanged. */
    public static byte[] majority(byte[] labels) {
        int[] counts = new int[LabelMap.IGNORE];
        for (byte label : labels) {
            int value = Byte.toUnsignedInt(label);
            if (value != LabelMap.BACKGROUND && value != LabelMap.IGNORE) counts[value]++;
        }
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best] || (best == 0 && counts[c] > 0)) best = c;
        }
        if (best == 0) return labels.clone();
        byte[] out = labels.clone();
        for (int i = 0; i < out.length; i++) {
            int value = Byte.toUnsignedInt(out[i]);
            if (value != LabelMap.BACKGROUND && value != LabelMap.IGNORE) out[i] = (byte) best;
        }
        return out;
    }
}
