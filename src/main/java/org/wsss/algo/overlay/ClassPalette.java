package org.wsss.algo.overlay;

import java.awt.Color;
import org.wsss.algo.maps.LabelMap;

/**
 * A colour per segmentation class: hues stepped by the golden angle, so any few classes shown together differ
 * clearly. Background has no colour (it is left untinted in overlays).
 */
public final class ClassPalette {
    private static final float GOLDEN_ANGLE_TURNS = 0.381966f;
    private static final float FIRST_HUE = 0.02f;
    /**
     * Saturation and brightness cycle with the class id, so that the few pairs of ids whose golden-angle hues
     * nearly meet (3 and 37, say) still differ in shade.
     */
    private static final float[][] SHADES = {{0.85f, 0.95f}, {0.55f, 1.0f}, {1.0f, 0.7f}};
    /** The ignored border band: white, unlike any class hue. */
    public static final int IGNORE_RGB = 0xFFFFFF;

    private ClassPalette() {}

    /** The colour of class {@code classId} as 0xRRGGBB; {@link #IGNORE_RGB} for {@link LabelMap#IGNORE}. */
    public static int rgb(int classId) {
        if (classId == LabelMap.IGNORE) return IGNORE_RGB;
        if (classId <= LabelMap.BACKGROUND || classId > LabelMap.IGNORE) {
            throw new IllegalArgumentException("class " + classId + " has no colour");
        }
        float hue = (FIRST_HUE + (classId - 1) * GOLDEN_ANGLE_TURNS) % 1f;
        float[] shade = SHADES[(classId - 1) % SHADES.length];
        return Color.HSBtoRGB(hue, shade[0], shade[1]) & 0xFFFFFF;
    }

    /** The colour as CSS {@code #rrggbb}. */
    public static String css(int classId) {
        return String.format("#%06x", rgb(classId));
    }
}
