package org.wsss.algo.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;

class OverlaysTest {
    private static RgbImage grey(int width, int height, int level) {
        byte[] rgb = new byte[3 * width * height];
        java.util.Arrays.fill(rgb, (byte) level);
        return new RgbImage(width, height, rgb);
    }

    @Test
    void backgroundStaysAndClassesAndBorderAreTinted() {
        RgbImage photo = grey(3, 1, 100);
        RgbImage out = Overlays.labels(photo, new byte[] {0, 1, (byte) LabelMap.IGNORE});
        assertEquals(100, out.red(0, 0));
        int colour = ClassPalette.rgb(1);
        assertEquals(Math.round(100 * (1 - Overlays.LABEL_ALPHA) + ((colour >> 16) & 0xFF) * Overlays.LABEL_ALPHA),
                out.red(1, 0));
        assertEquals(Math.round(100 * (1 - Overlays.LABEL_ALPHA) + 255 * Overlays.LABEL_ALPHA), out.blue(2, 0));
        assertEquals(100, photo.red(1, 0), "the photo itself is untouched");
    }

    @Test
    void heatRunsFromBlueToRed() {
        RgbImage out = Overlays.heat(grey(2, 1, 0), new float[] {0f, 1f});
        assertEquals(0, out.red(0, 0));
        assertEquals(Math.round(0x80 * Overlays.HEAT_ALPHA), out.blue(0, 0));
        assertEquals(Math.round(0x80 * Overlays.HEAT_ALPHA), out.red(1, 0));
        assertEquals(0, out.blue(1, 0));
    }

    @Test
    void maxOverPlanesTakesTheLargestClassPerPixel() {
        assertArrayEquals(new float[] {0.5f, 0.9f}, Overlays.maxOverPlanes(new float[] {0.5f, 0.1f, 0.2f, 0.9f}, 2));
        assertArrayEquals(new float[] {0f, 0f}, Overlays.maxOverPlanes(new float[0], 2));
        assertThrows(IllegalArgumentException.class, () -> Overlays.maxOverPlanes(new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Overlays.labels(grey(2, 2, 0), new byte[3]));
    }

    @Test
    void thumbnailsAverageTheAreaAndNeverEnlarge() {
        RgbImage small = grey(4, 2, 10);
        assertSame(small, Thumbnails.fit(small, 4));
        byte[] rgb = new byte[3 * 4 * 2];
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 2; y++) java.util.Arrays.fill(rgb, 3 * (y * 4 + x), 3 * (y * 4 + x) + 3, (byte) (x < 2 ? 0 : 200));
        }
        RgbImage half = Thumbnails.fit(new RgbImage(4, 2, rgb), 2);
        assertEquals(2, half.width());
        assertEquals(1, half.height());
        assertEquals(0, half.red(0, 0));
        assertEquals(200, half.green(1, 0));
        RgbImage stripes = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 100, (byte) 100, (byte) 100});
        assertEquals(50, Thumbnails.fit(stripes, 1).red(0, 0));
    }

    @Test
    void everyBreedHasItsOwnColour() {
        Set<Integer> colours = new HashSet<>();
        for (int c = 1; c <= 37; c++) colours.add(ClassPalette.rgb(c));
        assertEquals(37, colours.size());
        assertNotEquals(ClassPalette.rgb(3), ClassPalette.rgb(37));
        assertThrows(IllegalArgumentException.class, () -> ClassPalette.rgb(LabelMap.BACKGROUND));
        assertEquals("#ffffff", ClassPalette.css(LabelMap.IGNORE));
    }
}
