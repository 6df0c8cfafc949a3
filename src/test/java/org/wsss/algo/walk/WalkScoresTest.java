package org.wsss.algo.walk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;

/** The walk's input at feature resolution and its output back at pixel level. */
class WalkScoresTest {

    @Test
    void backgroundIsTakenPerPixelThenEveryChannelIsAveragedOverTheImagePixelsOfABlock() {
        // 10 x 3 image, one CAM: 1 in the first column, 0.5 in the last row, 0 elsewhere.
        int height = 3;
        int width = 10;
        float[] cam = new float[height * width];
        for (int y = 0; y < height; y++) cam[y * width] = 1f;
        for (int x = 1; x < width; x++) cam[2 * width + x] = 0.5f;
        ChannelStack scores = WalkScores.atFeatureResolution(new ChannelStack(1, height, width, cam), 2, 8);

        assertEquals(2, scores.channels());
        assertEquals(1, scores.height());
        assertEquals(2, scores.width());
        // Block (0, 0): 8 x 3 pixels inside the image. CAM: 3 ones and 7 halves; background: 0, 0.25 or 1.
        assertEquals((3 * 1f + 7 * 0.5f) / 24, scores.get(1, 0, 0), 1e-6);
        assertEquals((3 * 0f + 7 * 0.25f + 14 * 1f) / 24, scores.get(0, 0, 0), 1e-6);
        // Block (0, 1): only 2 x 3 pixels lie inside; the padding does not dilute them.
        assertEquals(2 * 0.5f / 6, scores.get(1, 0, 1), 1e-6);
        assertEquals((2 * 0.25f + 4 * 1f) / 6, scores.get(0, 0, 1), 1e-6);
    }

    @Test
    void upsamplingKeepsConstantsAndCropsToTheImage() {
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < 12; i++) values[i] = 0.25f;
        for (int i = 12; i < 24; i++) values[i] = 0.75f;
        ChannelStack pixels = WalkScores.atImageResolution(new ChannelStack(2, 3, 4, values), 8, 19, 30);
        assertEquals(2, pixels.channels());
        assertEquals(19, pixels.height());
        assertEquals(30, pixels.width());
        for (int y = 0; y < 19; y++) {
            for (int x = 0; x < 30; x++) {
                assertEquals(0.25f, pixels.get(0, y, x), 1e-6);
                assertEquals(0.75f, pixels.get(1, y, x), 1e-6);
            }
        }
    }

    @Test
    void upsamplingIsBilinearWithPixelCentresAligned() {
        // Two feature columns 0 and 1 at stride 2: pixel centres at 0.25, 0.75, 1.25, 1.75 feature units.
        ChannelStack pixels = WalkScores.atImageResolution(new ChannelStack(1, 1, 2, new float[] {0f, 1f}), 2, 2, 4);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, java.util.Arrays.copyOf(pixels.values(), 4), 1e-6f);
    }

    @Test
    void aGridThatDoesNotBelongToTheImageIsRefused() {
        ChannelStack grid = ChannelStack.zeros(2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> WalkScores.atImageResolution(grid, 8, 25, 30));
        assertThrows(IllegalArgumentException.class, () -> WalkScores.atImageResolution(grid, 8, 16, 30));
    }

    @Test
    void channelsBecomeClassIdsAndBackgroundWinsTies() {
        // Three pixels: class channel 2 wins, a tie between background and channel 1, channel 1 wins.
        float[] values = {
            0.1f, 0.5f, 0.2f,
            0.2f, 0.5f, 0.9f,
            0.7f, 0.1f, 0.3f};
        LabelMap labels = WalkScores.labels(new ChannelStack(3, 1, 3, values), new int[] {12, 37});
        assertEquals(37, labels.get(0));
        assertEquals(LabelMap.BACKGROUND, labels.get(1));
        assertEquals(12, labels.get(2));
        assertThrows(IllegalArgumentException.class,
                () -> WalkScores.labels(new ChannelStack(3, 1, 3, values), new int[] {12}));
        assertThrows(IllegalArgumentException.class,
                () -> WalkScores.labels(new ChannelStack(3, 1, 3, values), new int[] {12, 255}));
    }

    @Test
    void pixelDistributionsSumToOneAndKeepRatios() {
        float[] values = {0.2f, 0f, 0.6f, 0f};
        ChannelStack distributions = WalkScores.pixelDistributions(new ChannelStack(2, 1, 2, values));
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 0.5f}, distributions.values(), 1e-6f);
    }
}
