package org.wsss.algo.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CamCodecTest {
    @Test
    void roundTripIsWithinHalfAQuantisationStep() {
        int w = 120;
        int h = 90;
        float[] cams = new float[2 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                cams[y * w + x] = (float) Math.exp(-((x - 40) * (x - 40) + (y - 30) * (y - 30)) / 400.0);
                cams[w * h + y * w + x] = x / (float) (w - 1);
            }
        }
        byte[] encoded = CamCodec.encode(cams);
        float[] back = CamCodec.decode(encoded, cams.length);
        for (int i = 0; i < cams.length; i++) assertEquals(cams[i], back[i], 0.5 / 255 + 1e-6);
        assertTrue(encoded.length < cams.length / 4, "smooth maps should compress: " + encoded.length);
    }

    @Test
    void outOfRangeValuesAreClampedAndTruncatedInputRejected() {
        float[] back = CamCodec.decode(CamCodec.encode(new float[] {-1f, 2f}), 2);
        assertEquals(0f, back[0]);
        assertEquals(1f, back[1]);
        byte[] encoded = CamCodec.encode(new float[1000]);
        assertThrows(IllegalArgumentException.class, () -> CamCodec.decode(encoded, 2000));
    }
}
