package org.wsss.model.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.cam.ClassCams;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ForwardMemory;

/** CAMs computed for several images at once equal those computed one image at a time. */
class MultiScaleCamBatchTest {
    /**
     * Tolerance on normalised CAMs (in [0, 1]): batched convolutions may sum in another order, so results agree to
     * float rounding, not bit for bit.
     */
    private static final float TOLERANCE = 1e-5f;
    private static final MultiScaleCamSettings SETTINGS = new MultiScaleCamSettings(List.of(1.0, 0.5, 1.5), true);

    @Test
    void batchedImagesOfMixedSizesGetTheirOwnCams() {
        // Four of one size (batched together), one of another size, one alone: order kept.
        List<FloatImage> images = List.of(image(1, 40, 48), image(2, 40, 48), image(3, 48, 40), image(4, 40, 48),
                image(5, 40, 48), image(6, 32, 56));
        List<int[]> classes = List.of(new int[] {0}, new int[] {1}, new int[] {0, 1}, new int[] {1}, new int[] {0},
                new int[] {0, 1});
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 2, 11L), Device.cpu())) {
            MultiScaleCam cams = model.multiScaleCam(SETTINGS);
            List<ClassCams> batched = cams.computeAll(images, classes);
            assertEquals(images.size(), batched.size());
            for (int i = 0; i < images.size(); i++) {
                assertSame(cams.compute(images.get(i), classes.get(i)), batched.get(i), "image " + i);
            }
        }
    }

    @Test
    void aBudgetForTwoImagesPerForwardSplitsTheBatchWithoutChangingTheCams() {
        List<FloatImage> images = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(image(10 + i, 40, 48));
            classes.add(new int[] {i % 2});
        }
        // Room for two images and their mirror images at the largest scale, not for three.
        int height = 60;
        int width = 72;
        long budget = ForwardMemory.bytes(BackboneKind.SMALL, 4, height, width)
                + (long) Float.BYTES * 3 * height * width * 5 + 1;
        assertTrue(budget < ForwardMemory.bytes(BackboneKind.SMALL, 6, height, width)
                + (long) Float.BYTES * 3 * height * width * 7, "the budget admits three images");
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 2, 11L), Device.cpu())) {
            MultiScaleCam limited = model.multiScaleCam(SETTINGS, budget, "wsss.cams.memory-budget");
            MultiScaleCam unlimited = model.multiScaleCam(SETTINGS);
            List<ClassCams> split = limited.computeAll(images, classes);
            for (int i = 0; i < images.size(); i++) {
                assertSame(unlimited.compute(images.get(i), classes.get(i)), split.get(i), "image " + i);
            }
        }
    }

    private static void assertSame(ClassCams expected, ClassCams actual, String what) {
        assertArrayEquals(expected.classes(), actual.classes(), what);
        assertEquals(expected.height(), actual.height(), what);
        assertEquals(expected.width(), actual.width(), what);
        assertArrayEquals(expected.scores(), actual.scores(), TOLERANCE, what);
    }

    private static FloatImage image(long seed, int height, int width) {
        SplittableRandom random = new SplittableRandom(seed);
        FloatImage image = FloatImage.zeros(3, height, width);
        for (int i = 0; i < image.values().length; i++) image.values()[i] = (float) random.nextGaussian();
        return image;
    }
}
