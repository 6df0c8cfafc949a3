package org.wsss.algo.crf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseCrfTest {

    private static final int A = 0;
    private static final int B = 1;

    private final DenseCrf crf = new DenseCrf(CrfSettings.psaDefaults());

    @Test
    void uniformImageKeepsTheUnaryArgmaxEverywhere() {
        int height = 20;
        int width = 30;
        int pixels = height * width;
        Random random = new Random(1);
        float[] scores = new float[3 * pixels];
        for (int p = 0; p < pixels; p++) {
            scores[p] = 0.2f * random.nextFloat();
            scores[pixels + p] = 0.5f + 0.5f * random.nextFloat();
            scores[2 * pixels + p] = 0.3f * random.nextFloat();
        }

        float[] q = crf.infer(solid(height, width, 90, 140, 60), scores, 3, height, width);

        for (int label : DenseCrf.argmax(q, 3, pixels)) {
            assertEquals(1, label);
        }
    }

    /**
     * Left half red and confidently A, right half blue and confidently B, except the first blue column, which
     * leans slightly to A. Without the colour edge, A wins that column; with it, the column joins the blue side.
     */
    @Test
    void colourEdgeStopsLabelBleeding() {
        int height = 24;
        int width = 24;
        float[] scores = edgeScores(height, width);
        int[] atEdge = {width / 2, width / 2 + 1};

        int[] withoutEdge = DenseCrf.argmax(crf.infer(solid(height, width, 128, 0, 128), scores, 2, height, width),
                2, height * width);
        int[] withEdge = DenseCrf.argmax(crf.infer(redLeftBlueRight(height, width), scores, 2, height, width),
                2, height * width);

        for (int y = 0; y < height; y++) {
            assertEquals(A, withoutEdge[y * width + atEdge[0]], "without the edge, A bleeds at row " + y);
            for (int x = width / 2; x < width; x++) {
                assertEquals(B, withEdge[y * width + x], "with the edge, the blue side stays B at " + x + "," + y);
            }
            for (int x = 0; x < width / 2; x++) {
                assertEquals(A, withEdge[y * width + x], "the red side stays A at " + x + "," + y);
            }
        }
    }

    @Test
    void marginalsSumToOnePerPixel() {
        RandomCase input = RandomCase.of(37, 41, 4, 7);

        float[] q = crf.infer(input.rgb, input.scores, 4, 37, 41);

        int pixels = 37 * 41;
        for (int p = 0; p < pixels; p++) {
            double sum = 0;
            for (int label = 0; label < 4; label++) {
                float value = q[label * pixels + p];
                assertTrue(value >= 0 && value <= 1, "Q out of [0, 1]: " + value);
                sum += value;
            }
            assertEquals(1.0, sum, 1e-5, "pixel " + p);
        }
    }

    @Test
    void moreThreadsGiveTheSameResult() {
        RandomCase input = RandomCase.of(90, 110, 3, 11);
        float[] single = new DenseCrf(CrfSettings.psaDefaults(), 1).infer(input.rgb, input.scores, 3, 90, 110);

        for (int threads : new int[] {2, 3, 4}) {
            float[] parallel = new DenseCrf(CrfSettings.psaDefaults(), threads)
                    .infer(input.rgb, input.scores, 3, 90, 110);
            assertArrayEquals(single, parallel, 1e-6f, threads + " threads");
        }
    }

    /** Six labels are filtered in a block of four and a block of two; twin labels must still agree. */
    @Test
    void labelsBeyondFourAreFilteredAlike() {
        RandomCase input = RandomCase.of(19, 23, 3, 5);
        int pixels = 19 * 23;
        float[] twinScores = new float[6 * pixels];
        System.arraycopy(input.scores, 0, twinScores, 0, 3 * pixels);
        System.arraycopy(input.scores, 0, twinScores, 3 * pixels, 3 * pixels);

        float[] q = crf.infer(input.rgb, twinScores, 6, 19, 23);

        for (int p = 0; p < 3 * pixels; p++) {
            assertEquals(q[p], q[3 * pixels + p], 1e-6f);
        }
    }

    @Test
    void zeroIterationsGiveTheNormalisedClippedScores() {
        RandomCase input = RandomCase.of(5, 6, 3, 3);
        int pixels = 30;
        input.scores[4] = 0f;
        input.scores[pixels + 4] = 2f;

        float[] q = new DenseCrf(CrfSettings.psaDefaults().withIterations(0)).infer(input.rgb, input.scores, 3, 5, 6);

        for (int p = 0; p < pixels; p++) {
            double[] clipped = new double[3];
            double sum = 0;
            for (int label = 0; label < 3; label++) {
                clipped[label] = Math.min(1, Math.max(1e-5, input.scores[label * pixels + p]));
                sum += clipped[label];
            }
            for (int label = 0; label < 3; label++) {
                assertEquals(clipped[label] / sum, q[label * pixels + p], 1e-6);
            }
        }
    }

    @Test
    void unaryIsNegativeLogOfClippedScore() {
        float[] unary = DenseCrf.unaryFromScores(new float[] {0f, 1e-6f, 0.5f, 1f, 3f}, 1e-5f);

        assertArrayEquals(new float[] {(float) -Math.log(1e-5f), (float) -Math.log(1e-5f), (float) Math.log(2), 0f, 0f},
                unary, 1e-6f);
    }

    @Test
    void argmaxPicksTheLowestLabelOnTies() {
        float[] perLabel = {0.2f, 0.5f, 0.3f, /* label 1 */ 0.7f, 0.5f, 0.3f, /* label 2 */ 0.1f, 0.1f, 0.4f};

        assertArrayEquals(new int[] {1, 0, 2}, DenseCrf.argmax(perLabel, 3, 3));
    }

    @Test
    void rejectsMismatchedShapes() {
        byte[] rgb = new byte[3 * 12];
        IllegalArgumentException scores = assertThrows(IllegalArgumentException.class,
                () -> crf.infer(rgb, new float[23], 2, 3, 4));
        assertTrue(scores.getMessage().contains("24 scores"), scores.getMessage());
        IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
                () -> crf.infer(new byte[35], new float[24], 2, 3, 4));
        assertTrue(image.getMessage().contains("36 RGB bytes"), image.getMessage());
        float[] withNaN = new float[24];
        withNaN[5] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> crf.infer(rgb, withNaN, 2, 3, 4));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DenseCrf(CrfSettings.psaDefaults(), 0));
    }

    @Test
    void switchedOffKernelsLeaveTheUnary() {
        RandomCase input = RandomCase.of(8, 9, 2, 13);
        CrfSettings noPairwise = new CrfSettings(3, 0, 80, 13, 0, 10, 1e-5);

        float[] q = new DenseCrf(noPairwise).infer(input.rgb, input.scores, 2, 8, 9);
        float[] unaryOnly = new DenseCrf(noPairwise.withIterations(0)).infer(input.rgb, input.scores, 2, 8, 9);

        assertArrayEquals(unaryOnly, q, 0f);
    }

    private static float[] edgeScores(int height, int width) {
        int pixels = height * width;
        float[] scores = new float[2 * pixels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                float a;
                if (x < width / 2) {
                    a = 0.9f;
                } else if (x == width / 2) {
                    a = 0.6f;
                } else {
                    a = 0.1f;
                }
                scores[p] = a;
                scores[pixels + p] = 1 - a;
            }
        }
        return scores;
    }

    private static byte[] solid(int height, int width, int r, int g, int b) {
        byte[] rgb = new byte[3 * height * width];
        for (int p = 0; p < height * width; p++) {
            rgb[3 * p] = (byte) r;
            rgb[3 * p + 1] = (byte) g;
            rgb[3 * p + 2] = (byte) b;
        }
        return rgb;
    }

    private static byte[] redLeftBlueRight(int height, int width) {
        byte[] rgb = new byte[3 * height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                rgb[3 * p + (x < width / 2 ? 0 : 2)] = (byte) 255;
            }
        }
        return rgb;
    }

    /** A random image with random scores in [0, 1]. */
    private record RandomCase(byte[] rgb, float[] scores) {
        static RandomCase of(int height, int width, int labels, long seed) {
            Random random = new Random(seed);
            byte[] rgb = new byte[3 * height * width];
            random.nextBytes(rgb);
            float[] scores = new float[labels * height * width];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = random.nextFloat();
            }
            return new RandomCase(rgb, scores);
        }
    }
}
