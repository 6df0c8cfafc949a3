package org.wsss.algo.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrimapTruthTest {
    @Test
    void petIsTheClassBackgroundIsZeroBorderIsIgnored() {
        assertArrayEquals(new byte[] {7, 0, (byte) 255, 7}, TrimapTruth.labels(new int[] {1, 2, 3, 1}, 7));
    }

    @Test
    void otherTrimapValuesAndClassesAreErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrimapTruth.labels(new int[] {1, 4}, 1))
                .getMessage().contains("trimap value 4 at pixel 1"));
        assertThrows(IllegalArgumentException.class, () -> TrimapTruth.labels(new int[] {1}, 0));
    }
}
