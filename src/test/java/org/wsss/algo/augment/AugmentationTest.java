package org.wsss.algo.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static FloatImage noise(int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        FloatImage image = FloatImage.zeros(3, height, width);
        for (int i = 0; i < image.values().length; i++) {
            image.values()[i] = (float) random.nextDouble(0.05, 0.95);
        }
        return image;
    }

    @Test
    void classificationAugmentationIsDeterministicForASeedAndCropsToSize() {
        ClassificationAugmentation augmentation = new ClassificationAugmentation(24, 48, 0.5, ColorJitter.psa(), 32);
        FloatImage image = noise(30, 40, 1L);

        FloatImage first = augmentation.apply(image, new SplittableRandom(9L));
        FloatImage again = augmentation.apply(image, new SplittableRandom(9L));
        FloatImage other = augmentation.apply(image, new SplittableRandom(10L));

        assertArrayEquals(first.values(), again.values());
        assertFalse(Arrays.equals(first.values(), other.values()));
        assertEquals(3, first.channels());
        assertEquals(32, first.height());
        assertEquals(32, first.width());
    }

    @Test
    void longSideIsDrawnFromTheRangeAndPaddingIsZero() {
        ClassificationAugmentation augmentation = new ClassificationAugmentation(16, 24, 0.5, ColorJitter.none(), 40);
        FloatImage image = noise(10, 20, 2L);
        for (long seed = 0; seed < 10; seed++) {
            FloatImage out = augmentation.apply(image, new SplittableRandom(seed));
            int rows = countNonZeroLines(out, true);
            int columns = countNonZeroLines(out, false);
            assertTrue(columns >= 16 && columns <= 24, "long side " + columns);
            assertEquals(Math.round(columns / 2.0), rows, 1.0, "aspect ratio kept");
        }
    }

    private static int countNonZeroLines(FloatImage image, boolean rows) {
        int count = 0;
        int lines = rows ? image.height() : image.width();
        int along = rows ? image.width() : image.height();
        for (int line = 0; line < lines; line++) {
            for (int i = 0; i < along; i++) {
                float value = rows ? image.get(0, line, i) : image.get(0, i, line);
                if (value != 0f) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    @Test
    void flipProbabilityOneMirrorsAndZeroDoesNot() {
        FloatImage image = noise(8, 8, 3L);
        ClassificationAugmentation never = new ClassificationAugmentation(8, 8, 0.0, ColorJitter.none(), 8);
        ClassificationAugmentation always = new ClassificationAugmentation(8, 8, 1.0, ColorJitter.none(), 8);
        FloatImage normalised = ImageNetNormalization.normalize(image);

        assertArrayEquals(normalised.values(), never.apply(image, new SplittableRandom(1L)).values(), 1e-6f);
        assertArrayEquals(HorizontalFlip.flip(normalised).values(),
                always.apply(image, new SplittableRandom(1L)).values(), 1e-6f);
    }

    @Test
    void normalisationUsesImageNetStatisticsAndInverts() {
        FloatImage mean = new FloatImage(3, 1, 1, new float[] {0.485f, 0.456f, 0.406f});
        assertArrayEquals(new float[3], ImageNetNormalization.normalize(mean).values(), 1e-6f);
        FloatImage white = new FloatImage(3, 1, 1, new float[] {1f, 1f, 1f});
        assertArrayEquals(new float[] {(1 - 0.485f) / 0.229f, (1 - 0.456f) / 0.224f, (1 - 0.406f) / 0.225f},
                ImageNetNormalization.normalize(white).values(), 1e-5f);
        FloatImage image = noise(3, 4, 4L);
        assertArrayEquals(image.values(),
                ImageNetNormalization.denormalize(ImageNetNormalization.normalize(image)).values(), 1e-6f);
    }

    @Test
    void noJitterIsTheIdentityAndBrightnessScalesEveryValueByOneFactor() {
        FloatImage image = noise(4, 4, 5L);
        assertArrayEquals(image.values(), ColorJitter.none().apply(image, new SplittableRandom(1L)).values());

        FloatImage dim = new FloatImage(3, 4, 4, scaled(image.values(), 0.5f));
        float[] out = new ColorJitter(0.3, 0, 0, 0).apply(dim, new SplittableRandom(2L)).values();
        float factor = out[0] / dim.values()[0];
        assertTrue(factor >= 0.7f && factor <= 1.3f, "factor " + factor);
        for (int i = 0; i < out.length; i++) {
            assertEquals(dim.values()[i] * factor, out[i], 1e-5f);
        }
    }

    @Test
    void saturationAndHueLeaveGreyPixelsAlone() {
        float[] grey = new float[3 * 4];
        Arrays.fill(grey, 0.6f);
        FloatImage image = new FloatImage(3, 2, 2, grey);
        float[] out = new ColorJitter(0, 0, 0.3, 0.1).apply(image, new SplittableRandom(3L)).values();
        // torchvision's luma weights sum to 0.9999, so grey moves by at most 1e-4 of its value
        assertArrayEquals(grey, out, 1e-4f);
    }

    @Test
    void hueRotationKeepsSaturationAndValue() {
        FloatImage red = new FloatImage(3, 1, 1, new float[] {1f, 0f, 0f});
        float[] out = new ColorJitter(0, 0, 0, 0.1).apply(red, new SplittableRandom(4L)).values();
        float max = Math.max(out[0], Math.max(out[1], out[2]));
        float min = Math.min(out[0], Math.min(out[1], out[2]));
        assertEquals(1f, max, 1e-6f);
        assertEquals(0f, min, 1e-6f);
        assertTrue(out[1] > 0f || out[2] > 0f, "hue did not move");
        assertTrue(out[1] <= 0.6f && out[2] <= 0.6f, "hue moved more than 0.1 of the wheel");
    }

    @Test
    void cropOfALargerImageHasNoPaddingAndOfASmallerOneIsPadded() {
        SplittableRandom random = new SplittableRandom(6L);
        CropWindow inside = CropWindow.random(50, 60, 32, 1, random);
        assertEquals(32, inside.height());
        assertEquals(32, inside.width());
        assertEquals(0, inside.targetTop());
        assertTrue(inside.sourceTop() <= 18 && inside.sourceLeft() <= 28);

        CropWindow padded = CropWindow.random(10, 12, 32, 1, random);
        assertEquals(10, padded.height());
        assertEquals(12, padded.width());
        assertTrue(padded.targetTop() <= 22 && padded.targetLeft() <= 20);
        FloatImage crop = padded.apply(noise(10, 12, 7L));
        int nonZero = 0;
        for (float v : crop.values()) {
            nonZero += v != 0f ? 1 : 0;
        }
        assertEquals(3 * 10 * 12, nonZero);
    }

    @Test
    void alignedCropsKeepLabelBlocksWhole() {
        SplittableRandom random = new SplittableRandom(8L);
        for (int i = 0; i < 20; i++) {
            CropWindow window = CropWindow.random(100, 37, 64, 8, random);
            assertEquals(0, window.sourceTop() % 8);
            assertEquals(0, window.targetLeft() % 8);
        }
    }

    @Test
    void affinityAugmentationCropsAndFlipsImageAndStrideLabelsTogether() {
        int height = 40;
        int width = 56;
        int stride = 8;
        int labelWidth = width / stride;
        byte[] labels = new byte[(height / stride) * labelWidth];
        FloatImage image = FloatImage.zeros(3, height, width);
        for (int cell = 0; cell < labels.length; cell++) {
            labels[cell] = (byte) (cell + 1);
            int top = (cell / labelWidth) * stride;
            int left = (cell % labelWidth) * stride;
            for (int y = top; y < top + stride; y++) {
                for (int x = left; x < left + stride; x++) {
                    image.values()[image.index(0, y, x)] = (cell + 1) / 100f;
                }
            }
        }
        AffinityAugmentation augmentation = new AffinityAugmentation(0.5, ColorJitter.none(), 64, stride);
        boolean sawPadding = false;
        for (long seed = 0; seed < 8; seed++) {
            AffinityAugmentation.Pair pair = augmentation.apply(image, labels, new SplittableRandom(seed));
            assertEquals(64 / stride, pair.labelSide());
            for (int cellY = 0; cellY < pair.labelSide(); cellY++) {
                for (int cellX = 0; cellX < pair.labelSide(); cellX++) {
                    int label = pair.labels()[cellY * pair.labelSide() + cellX] & 0xFF;
                    float red = pair.image().get(0, cellY * stride + 3, cellX * stride + 4);
                    if (label == 255) {
                        sawPadding = true;
                        assertEquals(0f, red, "padding pixel");
                    } else {
                        float expected = (label / 100f - ImageNetNormalization.mean(0)) / ImageNetNormalization.std(0);
                        assertEquals(expected, red, 1e-5f, "label " + label);
                    }
                }
            }
        }
        assertTrue(sawPadding);
    }

    private static float[] scaled(float[] values, float factor) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }
}
