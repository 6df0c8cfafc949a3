package org.wsss.algo.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class BilinearResizeTest {

    @Test
    void sameSizeIsTheIdentity() {
        float[] values = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(values, BilinearResize.resizePlanes(values, 1, 2, 3, 2, 3, true));
        assertArrayEquals(values, BilinearResize.resizePlanes(values, 1, 2, 3, 2, 3, false));
    }

    @Test
    void enlargingMatchesPyTorchWithoutAlignedCorners() {
        float[] row = {0f, 1f};
        float[] expected = {0f, 0.25f, 0.75f, 1f};
        assertArrayEquals(expected, BilinearResize.resizePlanes(row, 1, 1, 2, 1, 4, false), 1e-6f);
        assertArrayEquals(expected, BilinearResize.resizePlanes(row, 1, 1, 2, 1, 4, true), 1e-6f);
    }

    @Test
    void halvingWithoutAntialiasAveragesPairs() {
        float[] row = {0f, 2f, 4f, 8f};
        assertArrayEquals(new float[] {1f, 6f}, BilinearResize.resizePlanes(row, 1, 1, 4, 1, 2, false), 1e-6f);
    }

    @Test
    void halvingWithAntialiasWidensTheTriangleFilter() {
        float a = 0f;
        float b = 2f;
        float c = 4f;
        float d = 8f;
        // output 0 is centred at 1.0 in input coordinates; taps at 0.5, 1.5, 2.5 weigh 0.75, 0.75, 0.25
        float first = (0.75f * a + 0.75f * b + 0.25f * c) / 1.75f;
        float second = (0.25f * b + 0.75f * c + 0.75f * d) / 1.75f;
        assertArrayEquals(new float[] {first, second},
                BilinearResize.resizePlanes(new float[] {a, b, c, d}, 1, 1, 4, 1, 2, true), 1e-6f);
    }

    @Test
    void planesAreResizedIndependently() {
        float[] twoPlanes = {1, 1, 1, 1, 5, 5, 5, 5};
        float[] resized = BilinearResize.resizePlanes(twoPlanes, 2, 2, 2, 3, 3, true);
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(new float[] {1f, 5f}, new float[] {resized[i], resized[9 + i]}, 1e-6f);
        }
    }
}
