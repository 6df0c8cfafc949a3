package org.wsss.algo.affinity;

import org.wsss.algo.maps.LabelMap;

/**
 * What a pixel pair teaches AffinityNet. The three supervised kinds exclude each other, so one code per
 * pair is enough to store all three of PSA's label planes.
 */
public enum PairKind {
    /** A pixel is {@link LabelMap#IGNORE}: the pair is not supervised. */
    UNLABELLED((byte) 0),
    /** Both pixels are background: affinity should be high. */
    BACKGROUND_POSITIVE((byte) 1),
    /** Both pixels carry the same class: affinity should be high. */
    FOREGROUND_POSITIVE((byte) 2),
    /** The pixels carry different labels, neither ignored: affinity should be low. */
    NEGATIVE((byte) 3);

    private static final PairKind[] BY_CODE = values();

    private final byte code;

    PairKind(byte code) {
        this.code = code;
    }

    /** Compact code stored per pair. */
    public byte code() {
        return code;
    }

    static PairKind fromCode(byte code) {
        return BY_CODE[code];
    }

    /** Kind of the pair (source label, target label), each 0..255. */
    public static PairKind of(int sourceLabel, int targetLabel) {
        if (sourceLabel == LabelMap.IGNORE || targetLabel == LabelMap.IGNORE) {
            return UNLABELLED;
        }
        if (sourceLabel != targetLabel) {
            return NEGATIVE;
        }
        return sourceLabel == LabelMap.BACKGROUND ? BACKGROUND_POSITIVE : FOREGROUND_POSITIVE;
    }
}
