package org.wsss.algo.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class OneClassTest {
    private static final byte IGNORE = (byte) 255;

    @Test
    void everyPetPixelTakesTheMajorityClass() {
        byte[] labels = {0, 5, 5, 7, 5, 0, IGNORE, 7};
        assertArrayEquals(new byte[] {0, 5, 5, 5, 5, 0, IGNORE, 5}, OneClass.majority(labels));
        assertArrayEquals(new byte[] {0, 5, 5, 7, 5, 0, IGNORE, 7}, labels, "the input is left alone");
    }

    @Test
    void tiesGoToTheLowerIdAndBackgroundOnlyStays() {
        assertArrayEquals(new byte[] {9, 9, 0}, OneClass.majority(new byte[] {12, 9, 0}));
        assertArrayEquals(new byte[] {0, 0, IGNORE}, OneClass.majority(new byte[] {0, 0, IGNORE}));
    }

    @Test
    void labelScalingKeepsAspectAndPicksNearestLabels() {
        assertArrayEquals(new int[] {512, 1024}, LabelScaling.cappedSize(1000, 2000, 1024));
        assertArrayEquals(new int[] {37, 53}, LabelScaling.cappedSize(37, 53, 1024));
        assertArrayEquals(new int[] {1, 1024}, LabelScaling.cappedSize(1, 5000, 1024));
        org.wsss.algo.maps.LabelMap small = new org.wsss.algo.maps.LabelMap(1, 2, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 1, 2, 2}, LabelScaling.nearest(small, 1, 4).labels());
        assertArrayEquals(new int[] {1, 2}, LabelScaling.presentClasses(new byte[] {0, 2, 1, IGNORE, 2}));
    }
}
