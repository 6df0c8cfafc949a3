package org.wsss.algo.overlay;

/** A blue-cyan-yellow-red colour map for activations in [0, 1] (the usual look of CAM figures). */
public final class HeatColours {
    /** Colours at evenly spaced stops from 0 to 1, interpolated linearly in between. */
    private static final int[] STOPS = {0x000080, 0x0040FF, 0x00D0FF, 0x80FF80, 0xFFD000, 0xFF4000, 0x800000};

    private HeatColours() {}

    /** The colour of {@code value} (clamped to [0, 1]) as 0xRRGGBB. */
    public static int rgb(double value) {
        double v = Math.max(0, Math.min(1, value)) * (STOPS.length - 1);
        int low = Math.min((int) Math.floor(v), STOPS.length - 2);
        double t = v - low;
        return mix(STOPS[low], STOPS[low + 1], t);
    }

    /** CSS for a left-to-right legend of the map. */
    public static String cssGradient() {
        StringBuilder css = new StringBuilder("linear-gradient(to right");
        for (int stop : STOPS) css.append(String.format(", #%06x", stop));
        return css.append(')').toString();
    }

    static int mix(int from, int to, double t) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = (from >> shift) & 0xFF;
            int b = (to >> shift) & 0xFF;
            rgb |= (int) Math.round(a + (b - a) * t) << shift;
        }
        return rgb;
    }
}
