package org.wsss.algo.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageDecodingTest {
    private static RgbImage sample() {
        int w = 24;
        int h = 16;
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            boolean left = (i % w) < w / 2;
            rgb[3 * i] = (byte) (left ? 200 : 20);
            rgb[3 * i + 1] = (byte) (left ? 60 : 140);
            rgb[3 * i + 2] = (byte) (left ? 30 : 220);
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void everyEncodingDecodesToTheSameColours() throws Exception {
        RgbImage original = sample();
        for (byte[] bytes : new byte[][] {ImageEncoding.png(original), ImageEncoding.pngWithAlpha(original),
                ImageEncoding.jpeg(original, 0.98f), ImageEncoding.cmykJpeg(original, 0.98f)}) {
            RgbImage decoded = ImageDecoding.decodeRgb(bytes);
            assertEquals(original.width(), decoded.width());
            assertTrue(meanAbsoluteDifference(original, decoded) < 6, "colours drifted");
        }
    }

    @Test
    void greyscaleBecomesEqualChannels() throws Exception {
        RgbImage decoded = ImageDecoding.decodeRgb(ImageEncoding.greyJpeg(sample(), 0.98f));
        assertEquals(decoded.red(3, 3), decoded.green(3, 3));
        assertEquals(decoded.green(3, 3), decoded.blue(3, 3));
    }

    @Test
    void cmykNeedsThePlugInToKeepItsColours() throws Exception {
        // The JDK's own JPEG reader has no CMYK conversion; this holds only with the TwelveMonkeys reader.
        byte[] cmyk = ImageEncoding.cmykJpeg(sample(), 0.98f);
        RgbImage decoded = ImageDecoding.decodeRgb(cmyk);
        assertEquals(200, decoded.red(2, 2), 6);
        assertEquals(60, decoded.green(2, 2), 6);
        assertEquals(30, decoded.blue(2, 2), 6);
    }

    @Test
    void labelPngKeepsValuesExactly() throws Exception {
        byte[] labels = {0, 1, 2, 3, (byte) 255, 37};
        int[] size = new int[2];
        int[] back = ImageDecoding.decodeFirstBand(ImageEncoding.labelPng(labels, 3, 2), size);
        assertArrayEquals(new int[] {0, 1, 2, 3, 255, 37}, back);
        assertArrayEquals(new int[] {3, 2}, size);
    }

    @Test
    void garbageIsAnUndecodableImage() {
        assertThrows(ImageDecoding.UndecodableImageException.class,
                () -> ImageDecoding.decodeRgb("not an image".getBytes()));
        byte[] truncated = java.util.Arrays.copyOf(ImageEncoding.png(sample()), 40);
        assertThrows(ImageDecoding.UndecodableImageException.class, () -> ImageDecoding.decodeRgb(truncated));
    }

    private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        double sum = 0;
        for (int i = 0; i < a.rgb().length; i++) sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
        return sum / a.rgb().length;
    }
}
