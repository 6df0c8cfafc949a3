package org.wsss.model.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.algo.walk.SparseRandomWalk;
import org.wsss.model.backbone.BackboneKind;

/** Padding an image to the stride and reading its features for the random walk. */
class AffinityNetFeatureMapsTest {

    @Test
    void paddedSizeIsTheNextMultiple() {
        assertEquals(40, StridePadding.paddedSize(37, 8));
        assertEquals(56, StridePadding.paddedSize(53, 8));
        assertEquals(40, StridePadding.paddedSize(40, 8));
        assertEquals(8, StridePadding.paddedSize(1, 8));
        assertThrows(IllegalArgumentException.class, () -> StridePadding.paddedSize(0, 8));
    }

    @Test
    void padsBottomAndRightWithZeros() {
        ChannelStack image = randomImage(37, 53, 1L);
        ChannelStack padded = StridePadding.padBottomRight(image, 8);
        assertEquals(3, padded.channels());
        assertEquals(40, padded.height());
        assertEquals(56, padded.width());
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < padded.height(); y++) {
                for (int x = 0; x < padded.width(); x++) {
                    boolean inside = y < image.height() && x < image.width();
                    float expected = inside ? image.get(channel, y, x) : 0f;
                    assertEquals(expected, padded.get(channel, y, x), channel + "," + y + "," + x);
                }
            }
        }
        ChannelStack alreadyPadded = randomImage(16, 24, 2L);
        assertSame(alreadyPadded, StridePadding.padBottomRight(alreadyPadded, 8));
    }

    @Test
    void anOddSizedImageGivesFeaturesTheRandomWalkAccepts() {
        ChannelStack padded = StridePadding.padBottomRight(randomImage(37, 53, 3L), AffinityNet.OUTPUT_STRIDE);
        AffinityNet net = AffinityNet.builder().setKind(BackboneKind.SMALL).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, padded.height(), padded.width()));
            ChannelStack features = AffinityFeatureMaps.of(net, manager, padded);
            assertEquals(AffinityNet.FEATURE_CHANNELS, features.channels());
            assertEquals(5, features.height());
            assertEquals(7, features.width());
            for (float value : features.values()) {
                assertTrue(Float.isFinite(value));
            }

            ChannelStack cams = ChannelStack.zeros(2, features.height(), features.width());
            Arrays.fill(cams.values(), 0.5f);
            ChannelStack walked = new SparseRandomWalk(RandomWalkSettings.defaults()).propagate(features, cams);
            assertEquals(2, walked.channels());
            assertTrue(walked.sameGridAs(features));
        }
    }

    @Test
    void featuresOfAnUnpaddedImageAreRefused() {
        AffinityNet net = AffinityNet.builder().setKind(BackboneKind.SMALL).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> AffinityFeatureMaps.of(net, manager, randomImage(37, 53, 4L)));
            assertTrue(error.getMessage().contains("StridePadding"), error.getMessage());
        }
    }

    private static ChannelStack randomImage(int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ChannelStack image = ChannelStack.zeros(3, height, width);
        for (int i = 0; i < image.values().length; i++) {
            image.values()[i] = (float) random.nextGaussian();
        }
        return image;
    }
}
