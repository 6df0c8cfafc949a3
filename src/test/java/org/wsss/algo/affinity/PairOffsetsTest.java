package org.wsss.algo.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wsss.algo.affinity.PairOffsets.SourceWindow;

class PairOffsetsTest {

    /** The offsets listed in reference/psa/cases.json, in order. */
    private static final int[][] REFERENCE_RADIUS_5 = {
        {0, 1}, {0, 2}, {0, 3}, {0, 4},
        {1, -4}, {1, -3}, {1, -2}, {1, -1}, {1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4},
        {2, -4}, {2, -3}, {2, -2}, {2, -1}, {2, 0}, {2, 1}, {2, 2}, {2, 3}, {2, 4},
        {3, -3}, {3, -2}, {3, -1}, {3, 0}, {3, 1}, {3, 2}, {3, 3},
        {4, -2}, {4, -1}, {4, 0}, {4, 1}, {4, 2},
    };

    @Test
    void radiusFiveListsTheReferenceOffsetsInOrder() {
        PairOffsets offsets = PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS);
        assertEquals(34, offsets.count());
        for (int i = 0; i < offsets.count(); i++) {
            assertArrayEquals(REFERENCE_RADIUS_5[i], new int[] {offsets.dy(i), offsets.dx(i)}, "offset " + i);
        }
    }

    @Test
    void radiusThreeKeepsOnlyOffsetsStrictlyInsideTheCircle() {
        PairOffsets offsets = PairOffsets.ofRadius(3);
        // (0,1),(0,2); dy=1: dx=-2..2; dy=2: dx=-2..2 (4+4 < 9).
        assertEquals(12, offsets.count());
        assertEquals(2, offsets.reach());
        for (int i = 0; i < offsets.count(); i++) {
            int dy = offsets.dy(i);
            int dx = offsets.dx(i);
            assertTrue(dy * dy + dx * dx < 9);
            assertTrue(dy > 0 || dx > 0, "half-plane only");
        }
    }

    @Test
    void sourceWindowIsTheReferenceCrop() {
        SourceWindow window = PairOffsets.ofRadius(5).sourceWindow(12, 16);
        assertEquals(8, window.rows());
        assertEquals(8, window.columns());
        assertEquals(64, window.count());
        assertEquals(4, window.pixel(0));
        assertEquals(11, window.pixel(7));
        assertEquals(16 + 4, window.pixel(8));
        assertEquals(7 * 16 + 11, window.pixel(63));
        assertEquals(2496, PairOffsets.ofRadius(5).sourceWindow(56, 56).count());
    }

    @Test
    void everyTargetOfTheWindowLiesInsideTheImage() {
        PairOffsets offsets = PairOffsets.ofRadius(5);
        int height = 9;
        int width = 11;
        SourceWindow window = offsets.sourceWindow(height, width);
        for (int source = 0; source < window.count(); source++) {
            int pixel = window.pixel(source);
            for (int i = 0; i < offsets.count(); i++) {
                int y = pixel / width + offsets.dy(i);
                int x = pixel % width + offsets.dx(i);
                assertTrue(y < height && x >= 0 && x < width, "target of " + pixel + " by offset " + i);
                assertEquals(y * width + x, pixel + offsets.flatStep(i, width));
            }
        }
    }

    @Test
    void imageTooSmallForAnySourceHasAnEmptyWindow() {
        assertEquals(0, PairOffsets.ofRadius(5).sourceWindow(3, 20).count());
        assertEquals(0, PairOffsets.ofRadius(5).sourceWindow(20, 8).count());
    }

    @Test
    void radiusBelowTwoIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PairOffsets.ofRadius(1));
        assertTrue(error.getMessage().contains("radius"));
    }
}
