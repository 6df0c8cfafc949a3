package org.wsss.algo.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CamFusionTest {

    private static final float EPS = CamFusion.NORMALISATION_EPSILON;

    @Test
    void onePassAtImageSizeIsDividedByItsMaximum() {
        CamFusion fusion = new CamFusion(new int[] {0}, 1, 3);
        fusion.add(new float[] {1f, 2f, 4f}, 1, 1, 3, false);
        assertArrayEquals(new float[] {1f / (4f + EPS), 2f / (4f + EPS), 4f / (4f + EPS)},
                fusion.normalised().scores(), 1e-7f);
    }

    @Test
    void mirroredPassesAreFlippedBackBeforeSumming() {
        CamFusion fusion = new CamFusion(new int[] {0}, 1, 3);
        fusion.add(new float[] {1f, 2f, 3f}, 1, 1, 3, false);
        fusion.add(new float[] {3f, 2f, 1f}, 1, 1, 3, true);
        float max = 6f + EPS;
        assertArrayEquals(new float[] {2f / max, 4f / max, 6f / max}, fusion.normalised().scores(), 1e-7f);
        assertEquals(2, fusion.passes());
    }

    @Test
    void smallMapsAreBilinearlyUpsampledWithHalfPixelCentres() {
        CamFusion fusion = new CamFusion(new int[] {0}, 1, 4);
        fusion.add(new float[] {0f, 1f}, 1, 1, 2, false);
        // align_corners=False: output x samples input at (x + 0.5) / 2 - 0.5, clamped: -0.25, 0.25, 0.75, 1.25
        float max = 1f + EPS;
        assertArrayEquals(new float[] {0f, 0.25f / max, 0.75f / max, 1f / max}, fusion.normalised().scores(), 1e-6f);
    }

    @Test
    void onlyPresentClassesAreKeptEachNormalisedByItsOwnMaximum() {
        CamFusion fusion = new CamFusion(new int[] {2, 0}, 1, 2);
        float[] threeClasses = {1f, 3f, 50f, 60f, 0.5f, 0.25f};
        fusion.add(threeClasses, 3, 1, 2, false);
        ClassCams cams = fusion.normalised();
        assertArrayEquals(new int[] {2, 0}, cams.classes());
        assertArrayEquals(new float[] {0.5f / (0.5f + EPS), 0.25f / (0.5f + EPS)}, cams.plane(0), 1e-6f);
        assertArrayEquals(new float[] {1f / (3f + EPS), 3f / (3f + EPS)}, cams.plane(1), 1e-6f);
    }

    @Test
    void silentClassesStayZero() {
        CamFusion fusion = new CamFusion(new int[] {0}, 2, 2);
        fusion.add(new float[4], 1, 2, 2, false);
        assertArrayEquals(new float[4], fusion.normalised().scores());
    }

    @Test
    void rejectsClassesThePassDoesNotHave() {
        CamFusion fusion = new CamFusion(new int[] {3}, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> fusion.add(new float[] {1f, 2f}, 2, 1, 1, false));
    }
}
