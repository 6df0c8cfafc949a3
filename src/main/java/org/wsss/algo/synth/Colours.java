package org.wsss.algo.synth;

final class Colours {
    private Colours() {}

    static int[] hsvToRgb(double h, double s, double v) {
        double c = v * s;
        double x = c * (1 - Math.abs((h * 6) % 2 - 1));
        double m = v - c;
        double r;
        double g;
        double b;
        switch ((int) Math.floor(h * 6) % 6) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        return new int[] {to8(r + m), to8(g + m), to8(b + m)};
    }

    static int to8(double unit) {
        return (int) Math.max(0, Math.min(255, Math.round(unit * 255)));
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** {@code from} moved towards {@code to} by {@code t} (0: from, 1: to). */
    static int[] mix(int[] from, int[] to, double t) {
        int[] mixed = new int[from.length];
        for (int c = 0; c < from.length; c++) mixed[c] = (int) Math.round(from[c] + (to[c] - from[c]) * t);
        return mixed;
    }
}
