package org.wsss.algo.overlay;

import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.LabelMap;

/** Pictures for people: label maps and activation maps blended over the photo they describe. */
public final class Overlays {
    /** Weight of a class colour over the photo: strong enough to read, weak enough to see the pet through it. */
    public static final double LABEL_ALPHA = 0.55;
    /** Weight of the heat colour over the photo. */
    public static final double HEAT_ALPHA = 0.5;

    private Overlays() {}

    /** Tints each pixel with its class colour; background stays as it is, the ignored border turns white. */
    public static RgbImage labels(RgbImage photo, byte[] labels) {
        requireSize(photo, labels.length);
        byte[] out = photo.rgb().clone();
        for (int i = 0; i < labels.length; i++) {
            int label = Byte.toUnsignedInt(labels[i]);
            if (label == LabelMap.BACKGROUND) continue;
            blend(out, i, ClassPalette.rgb(label), LABEL_ALPHA);
        }
        return new RgbImage(photo.width(), photo.height(), out);
    }

    /** Colours every pixel by its activation in [0, 1]. */
    public static RgbImage heat(RgbImage photo, float[] activation) {
        requireSize(photo, activation.length);
        byte[] out = photo.rgb().clone();
        for (int i = 0; i < activation.length; i++) blend(out, i, HeatColours.rgb(activation[i]), HEAT_ALPHA);
        return new RgbImage(photo.width(), photo.height(), out);
    }

    /** The largest value over {@code planes} planes of {@code pixels} values each, per pixel (zeros for none). */
    public static float[] maxOverPlanes(float[] planes, int pixels) {
        if (pixels <= 0 || planes.length % pixels != 0) {
            throw new IllegalArgumentException(planes.length + " values are not whole planes of " + pixels);
        }
        float[] max = new float[pixels];
        for (int offset = 0; offset < planes.length; offset += pixels) {
            for (int i = 0; i < pixels; i++) max[i] = Math.max(max[i], planes[offset + i]);
        }
        return max;
    }

    private static void blend(byte[] rgb, int pixel, int colour, double alpha) {
        for (int c = 0; c < 3; c++) {
            int photo = rgb[3 * pixel + c] & 0xFF;
            int tint = (colour >> (16 - 8 * c)) & 0xFF;
            rgb[3 * pixel + c] = (byte) Math.round(photo * (1 - alpha) + tint * alpha);
        }
    }

    private static void requireSize(RgbImage photo, int values) {
        if (values != photo.width() * photo.height()) {
            throw new IllegalArgumentException("a map of " + values + " values does not fit a "
                    + photo.width() + "x" + photo.height() + " photo");
        }
    }
}
