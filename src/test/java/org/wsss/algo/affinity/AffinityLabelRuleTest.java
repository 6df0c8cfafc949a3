package org.wsss.algo.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;

class AffinityLabelRuleTest {

    private static final int CAT = 12;
    private static final int DOG = 30;
    private static final byte IGNORE = (byte) LabelMap.IGNORE;

    @Test
    void backgroundIsOneMinusTheLargestCamToTheAlpha() {
        ChannelStack cams = new ChannelStack(2, 1, 3, new float[] {
            0.5f, 0.0f, 1.0f,
            0.2f, 0.1f, 0.3f,
        });
        float[] background = AffinityLabelRule.backgroundScore(cams, 2);
        assertArrayEquals(new float[] {0.25f, 0.81f, 0.0f}, background, 1e-6f);
    }

    @Test
    void scoreStackPutsBackgroundFirst() {
        ChannelStack cams = new ChannelStack(1, 1, 2, new float[] {0.5f, 0.0f});
        ChannelStack stack = AffinityLabelRule.scoreStack(cams, 1);
        assertEquals(2, stack.channels());
        assertArrayEquals(new float[] {0.5f, 1.0f, 0.5f, 0.0f}, stack.values(), 1e-6f);
    }

    @Test
    void higherAlphaMeansWeakerBackground() {
        ChannelStack cams = new ChannelStack(1, 1, 3, new float[] {0.01f, 0.1f, 0.3f});
        float[] low = AffinityLabelRule.backgroundScore(cams, AffinityLabelRule.DEFAULT_LOW_ALPHA);
        float[] high = AffinityLabelRule.backgroundScore(cams, AffinityLabelRule.DEFAULT_HIGH_ALPHA);
        for (int pixel = 0; pixel < 3; pixel++) {
            assertTrue(high[pixel] < low[pixel], "pixel " + pixel);
        }
    }

    /**
     * Scores without CRF: with a CAM of 0.3 both stacks call the object; at 0.1 only the high-alpha stack
     * does (uncertain); at 0.01 neither does (confident background).
     */
    @Test
    void lowAlphaDecidesForegroundAndHighAlphaDecidesBackground() {
        ChannelStack cams = new ChannelStack(1, 1, 3, new float[] {0.3f, 0.1f, 0.01f});
        ChannelStack low = AffinityLabelRule.scoreStack(cams, AffinityLabelRule.DEFAULT_LOW_ALPHA);
        ChannelStack high = AffinityLabelRule.scoreStack(cams, AffinityLabelRule.DEFAULT_HIGH_ALPHA);

        LabelMap labels = AffinityLabelRule.combine(low, high, new int[] {CAT});
        assertArrayEquals(new byte[] {CAT, IGNORE, LabelMap.BACKGROUND}, labels.labels());

        // The trap: with the roles swapped the uncertain pixel is taught as confident background.
        LabelMap swapped = AffinityLabelRule.combine(high, low, new int[] {CAT});
        assertArrayEquals(new byte[] {CAT, LabelMap.BACKGROUND, LabelMap.BACKGROUND}, swapped.labels());
    }

    @Test
    void highAlphaBackgroundWinsOverLowAlphaForeground() {
        // Possible after a CRF: low-alpha says dog, high-alpha says background -> background.
        ChannelStack low = stack(2, new float[] {0.1f, 0.2f, 0.9f});
        ChannelStack high = stack(2, new float[] {0.8f, 0.1f, 0.1f});
        assertArrayEquals(new byte[] {LabelMap.BACKGROUND},
                AffinityLabelRule.combine(low, high, new int[] {CAT, DOG}).labels());
    }

    @Test
    void channelsMapToRealClassIds() {
        ChannelStack low = stack(2, new float[] {0.1f, 0.2f, 0.7f});
        ChannelStack high = stack(2, new float[] {0.0f, 0.2f, 0.7f});
        assertArrayEquals(new byte[] {DOG}, AffinityLabelRule.combine(low, high, new int[] {CAT, DOG}).labels());
    }

    @Test
    void tiesGoToBackground() {
        ChannelStack tie = stack(1, new float[] {0.5f, 0.5f});
        assertArrayEquals(new byte[] {LabelMap.BACKGROUND},
                AffinityLabelRule.combine(tie, tie, new int[] {CAT}).labels());
    }

    @Test
    void blockAverageCoversPartialBlocksByTheirInsidePixels() {
        // 3 x 3 image at stride 2: blocks of 4, 2, 2 and 1 pixels.
        ChannelStack scores = new ChannelStack(1, 3, 3, new float[] {
            1, 2, 3,
            4, 5, 6,
            7, 8, 9,
        });
        ChannelStack averaged = AffinityLabelRule.blockAverage(scores, 2, 3, 2);
        assertArrayEquals(new float[] {
            3.0f, 4.5f,
            7.5f, 9.0f,
            0.0f, 0.0f,
        }, averaged.values(), 1e-6f);
    }

    @Test
    void strideLabelsComeFromAveragedScoresNotFromSampledLabels() {
        // One 2 x 2 block: the cat wins 3 of 4 pixels but barely; the dog wins one pixel by a lot.
        // Averaged scores favour the dog; nearest-neighbour sampling of the top-left label would say cat.
        float[] low = {
            // background
            0.0f, 0.0f,
            0.0f, 0.0f,
            // cat
            0.40f, 0.40f,
            0.40f, 0.0f,
            // dog
            0.35f, 0.35f,
            0.35f, 0.95f,
        };
        ChannelStack lowStack = new ChannelStack(3, 2, 2, low);
        LabelMap labels = AffinityLabelRule.combineAtStride(lowStack, lowStack, new int[] {CAT, DOG}, 2);
        assertArrayEquals(new byte[] {DOG}, labels.labels());
        assertEquals(CAT, AffinityLabelRule.combine(lowStack, lowStack, new int[] {CAT, DOG}).get(0, 0));
    }

    @Test
    void blocksOfPurePaddingAreIgnored() {
        ChannelStack low = new ChannelStack(2, 2, 2, new float[] {0, 0, 0, 0, 1, 1, 1, 1});
        LabelMap labels = AffinityLabelRule.combineAtStride(low, low, new int[] {CAT}, 2, 2, 3);
        assertArrayEquals(new byte[] {
            CAT, IGNORE, IGNORE,
            IGNORE, IGNORE, IGNORE,
        }, labels.labels());
    }

    @Test
    void strideRuleMatchesTheFullResolutionRuleOnUniformBlocks() {
        ChannelStack cams = new ChannelStack(1, 1, 3, new float[] {0.3f, 0.1f, 0.01f});
        ChannelStack low = AffinityLabelRule.scoreStack(cams, AffinityLabelRule.DEFAULT_LOW_ALPHA);
        ChannelStack high = AffinityLabelRule.scoreStack(cams, AffinityLabelRule.DEFAULT_HIGH_ALPHA);
        assertArrayEquals(AffinityLabelRule.combine(low, high, new int[] {CAT}).labels(),
                AffinityLabelRule.combineAtStride(low, high, new int[] {CAT}, 1).labels());
    }

    @Test
    void rejectsMismatchedInputs() {
        ChannelStack two = stack(1, new float[] {0.5f, 0.5f});
        ChannelStack three = stack(2, new float[] {0.5f, 0.5f, 0.5f});
        assertThrows(IllegalArgumentException.class, () -> AffinityLabelRule.combine(two, three, new int[] {CAT}));
        assertThrows(IllegalArgumentException.class, () -> AffinityLabelRule.combine(two, two, new int[] {CAT, DOG}));
        assertThrows(IllegalArgumentException.class, () -> AffinityLabelRule.combine(two, two, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> AffinityLabelRule.combine(two, two, new int[] {255}));
        assertThrows(IllegalArgumentException.class,
                () -> AffinityLabelRule.backgroundScore(two, 0));
    }

    /** A one-pixel stack with the given channel scores. */
    private static ChannelStack stack(int classes, float[] scores) {
        return new ChannelStack(classes + 1, 1, 1, scores);
    }
}
