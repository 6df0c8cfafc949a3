package org.wsss.algo.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UncertainPixelsTest {
    private static final byte IGNORE = (byte) 255;

    @Test
    void pixelsWhereTheMasksDisagreeAreIgnored() {
        byte[] rwCrf = {0, 3, 3, 0, 5};
        byte[] rw = {0, 3, 0, 3, 5};
        assertArrayEquals(new byte[] {0, 3, IGNORE, IGNORE, 5}, UncertainPixels.disagreement(rwCrf, rw));
        assertArrayEquals(new byte[] {0, 3, 3, 0, 5}, rwCrf, "the input is left alone");
    }

    @Test
    void masksOfDifferentSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> UncertainPixels.disagreement(new byte[3], new byte[4]));
    }

    @Test
    void binaryLabelsKeepBackgroundAndIgnore() {
        byte[] labels = {0, 7, 37, IGNORE, 1};
        byte[] binary = BinaryLabels.of(labels);
        assertArrayEquals(new byte[] {0, 1, 1, IGNORE, 1}, binary);
        assertArrayEquals(new byte[] {0, 9, 9, IGNORE, 9}, BinaryLabels.withClass(binary, 9));
    }
}
