package org.wsss.algo.crf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatExpTest {

    @Test
    void withinOneUlpOfMathExpOverTheWholeNonPositiveRange() {
        int differing = 0;
        int checked = 0;
        // every 4999th float from 0 down to below the float underflow, normals and subnormals alike
        for (int bits = Float.floatToRawIntBits(-0f); bits <= Float.floatToRawIntBits(-110f); bits += 4999) {
            float x = Float.intBitsToFloat(bits);
            float expected = (float) Math.exp(x);
            float actual = FloatExp.ofNonPositive(x);
            int ulps = Math.abs(Float.floatToRawIntBits(expected) - Float.floatToRawIntBits(actual));
            assertTrue(ulps <= 1, "e^" + x + ": " + actual + " against " + expected);
            differing += ulps;
            checked++;
        }
        assertTrue(differing < checked / 500, differing + " of " + checked + " differ");
    }

    @Test
    void exactAtZeroAndZeroFarBelow() {
        assertEquals(1f, FloatExp.ofNonPositive(0f));
        assertEquals(1f, FloatExp.ofNonPositive(-0f));
        assertEquals(0f, FloatExp.ofNonPositive(-1000f));
        assertEquals(0f, FloatExp.ofNonPositive(Float.NEGATIVE_INFINITY));
    }
}
