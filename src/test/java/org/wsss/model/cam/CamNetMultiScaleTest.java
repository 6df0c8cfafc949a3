package org.wsss.model.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.cam.ClassCams;

/** Multi-scale CAMs on a network whose CAM is computable by hand: features = pixels, known 1x1 weights. */
class CamNetMultiScaleTest {

    private static final int HEIGHT = 6;
    private static final int WIDTH = 10;

    @Test
    void singleScaleWithFlipIsTwiceTheCamNormalisedPerClass() {
        FloatImage image = randomImage();
        try (NDManager manager = NDManager.newBaseManager()) {
            CamNet net = CamNetTest.handNet(manager, HEIGHT, WIDTH);
            MultiScaleCam cam = new MultiScaleCam(net, manager, new MultiScaleCamSettings(List.of(1.0), true));

            ClassCams result = cam.compute(image, new int[] {1});

            float[] expected = new float[HEIGHT * WIDTH];
            float max = 0f;
            for (int i = 0; i < expected.length; i++) {
                float g = image.values()[HEIGHT * WIDTH + i];
                float b = image.values()[2 * HEIGHT * WIDTH + i];
                expected[i] = 2f * Math.max(0f, 0.5f * g + 2f * b);
                max = Math.max(max, expected[i]);
            }
            for (int i = 0; i < expected.length; i++) {
                expected[i] /= max + 1e-5f;
            }
            assertArrayEquals(new int[] {1}, result.classes());
            assertArrayEquals(expected, result.scores(), 1e-5f);
        }
    }

    @Test
    void psaScalesResizeBackFlipBackSumAndKeepPresentClasses() {
        FloatImage image = randomImage();
        try (NDManager manager = NDManager.newBaseManager()) {
            CamNet net = CamNetTest.handNet(manager, HEIGHT, WIDTH);
            MultiScaleCam cam = new MultiScaleCam(net, manager, MultiScaleCamSettings.psa());

            ClassCams result = cam.compute(image, new int[] {0, 1});

            float[][] expected = {new float[HEIGHT * WIDTH], new float[HEIGHT * WIDTH]};
            for (double scale : MultiScaleCamSettings.psa().scales()) {
                int h = (int) Math.round(HEIGHT * scale);
                int w = (int) Math.round(WIDTH * scale);
                FloatImage scaled = scale == 1.0 ? image : BilinearResize.resize(image, h, w, true);
                float[][] handCams = handCams(scaled);
                for (int c = 0; c < 2; c++) {
                    float[] back = BilinearResize.resizePlanes(handCams[c], 1, h, w, HEIGHT, WIDTH, false);
                    for (int i = 0; i < back.length; i++) {
                        // the pixel-wise CAM commutes with mirroring, so the flipped pass adds the same map
                        expected[c][i] += 2f * back[i];
                    }
                }
            }
            for (int c = 0; c < 2; c++) {
                float max = 0f;
                for (float v : expected[c]) {
                    max = Math.max(max, v);
                }
                for (int i = 0; i < expected[c].length; i++) {
                    expected[c][i] /= max + 1e-5f;
                }
                assertArrayEquals(expected[c], result.plane(c), 1e-4f, "class " + c);
            }
            assertEquals(HEIGHT, result.height());
            assertEquals(WIDTH, result.width());
        }
    }

    private static float[][] handCams(FloatImage features) {
        int pixels = features.pixels();
        float[][] cams = {new float[pixels], new float[pixels]};
        for (int i = 0; i < pixels; i++) {
            float r = features.values()[i];
            float g = features.values()[pixels + i];
            float b = features.values()[2 * pixels + i];
            cams[0][i] = Math.max(0f, CamNetTest.WEIGHTS[0] * r + CamNetTest.WEIGHTS[1] * g + CamNetTest.WEIGHTS[2] * b);
            cams[1][i] = Math.max(0f, CamNetTest.WEIGHTS[3] * r + CamNetTest.WEIGHTS[4] * g + CamNetTest.WEIGHTS[5] * b);
        }
        return cams;
    }

    private static FloatImage randomImage() {
        SplittableRandom random = new SplittableRandom(3L);
        FloatImage image = FloatImage.zeros(3, HEIGHT, WIDTH);
        for (int i = 0; i < image.values().length; i++) {
            image.values()[i] = (float) random.nextDouble(-1, 1);
        }
        return image;
    }
}
