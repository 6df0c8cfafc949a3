package org.wsss.algo.synth;

import java.util.SplittableRandom;

/** A random scene behind the pet: a two-colour gradient with a few soft blobs; never depends on the breed. */
final class Background {
    private static final int BLOBS = 4;
    private final int[] from;
    private final int[] to;
    private final double gradientAngle;
    private final int width;
    private final int height;
    private final double[][] blobs; // {x, y, radius, r, g, b}

    private Background(int[] from, int[] to, double gradientAngle, int width, int height, double[][] blobs) {
        this.from = from;
        this.to = to;
        this.gradientAngle = gradientAngle;
        this.width = width;
        this.height = height;
        this.blobs = blobs;
    }

    static Background random(SplittableRandom random, int width, int height) {
        int[] from = Colours.hsvToRgb(random.nextDouble(), 0.15 + 0.3 * random.nextDouble(), 0.35 + 0.5 * random.nextDouble());
        int[] to = Colours.hsvToRgb(random.nextDouble(), 0.15 + 0.3 * random.nextDouble(), 0.35 + 0.5 * random.nextDouble());
        double[][] blobs = new double[BLOBS][];
        for (int b = 0; b < BLOBS; b++) {
            int[] c = Colours.hsvToRgb(random.nextDouble(), 0.2 + 0.3 * random.nextDouble(), 0.3 + 0.6 * random.nextDouble());
            blobs[b] = new double[] {random.nextDouble() * width, random.nextDouble() * height,
                                     Math.min(width, height) * (0.1 + 0.2 * random.nextDouble()), c[0], c[1], c[2]};
        }
        return new Background(from, to, random.nextDouble() * 2 * Math.PI, width, height, blobs);
    }

    int[] colourAt(int x, int y) {
        double t = ((x - width / 2.0) * Math.cos(gradientAngle) + (y - height / 2.0) * Math.sin(gradientAngle))
                / Math.hypot(width, height) + 0.5;
        t = Math.max(0, Math.min(1, t));
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) c[k] = from[k] + (to[k] - from[k]) * t;
        for (double[] blob : blobs) {
            double d = Math.hypot(x - blob[0], y - blob[1]) / blob[2];
            double w = Math.exp(-d * d * 2);
            for (int k = 0; k < 3; k++) c[k] = c[k] * (1 - w) + blob[3 + k] * w;
        }
        return new int[] {(int) c[0], (int) c[1], (int) c[2]};
    }
}
