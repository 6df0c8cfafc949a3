package org.wsss.algo.synth;

import java.util.SplittableRandom;

/** The silhouette of a synthetic pet: where its body, head and ears are in one image. */
final class PetShape {
    enum Part { NONE, BODY, HEAD, EAR }

    private final double bodyX;
    private final double bodyY;
    private final double bodyRx;
    private final double bodyRy;
    private final double headX;
    private final double headY;
    private final double headR;
    private final double[][] ears; // two triangles, each {x0, y0, x1, y1, x2, y2}

    private PetShape(double bodyX, double bodyY, double bodyRx, double bodyRy, double headX, double headY,
                     double headR, double[][] ears) {
        this.bodyX = bodyX;
        this.bodyY = bodyY;
        this.bodyRx = bodyRx;
        this.bodyRy = bodyRy;
        this.headX = headX;
        this.headY = headY;
        this.headR = headR;
        this.ears = ears;
    }

    static PetShape random(SplittableRandom random, int width, int height) {
        double side = Math.min(width, height);
        double scale = side * (0.22 + 0.12 * random.nextDouble());
        double bodyRx = scale * (1.0 + 0.3 * random.nextDouble());
        double bodyRy = scale * (0.55 + 0.2 * random.nextDouble());
        double headR = scale * (0.45 + 0.15 * random.nextDouble());
        boolean facesRight = random.nextBoolean();
        // Keep the whole pet inside the frame: head sticks out above and to one side of the body.
        double marginX = bodyRx + headR * 0.9;
        double marginTop = bodyRy * 0.4 + headR * 2.0;
        double marginBottom = bodyRy + 1;
        double bodyX = marginX + random.nextDouble() * Math.max(1, width - 2 * marginX);
        double bodyY = marginTop + random.nextDouble() * Math.max(1, height - marginTop - marginBottom);
        double headX = bodyX + (facesRight ? 1 : -1) * bodyRx * 0.8;
        double headY = bodyY - bodyRy * 0.7;
        double earH = headR * 0.8;
        double[][] ears = new double[2][];
        for (int e = 0; e < 2; e++) {
            double side2 = e == 0 ? -1 : 1;
            double baseX = headX + side2 * headR * 0.55;
            double baseY = headY - headR * 0.6;
            ears[e] = new double[] {baseX - headR * 0.35, baseY, baseX + headR * 0.35, baseY,
                                    baseX + side2 * headR * 0.15, baseY - earH};
        }
        return new PetShape(bodyX, bodyY, bodyRx, bodyRy, headX, headY, headR, ears);
    }

    Part partAt(double x, double y) {
        double hx = (x - headX) / headR;
        double hy = (y - headY) / headR;
        if (hx * hx + hy * hy <= 1) return Part.HEAD;
        for (double[] ear : ears) if (insideTriangle(x, y, ear)) return Part.EAR;
        double bx = (x - bodyX) / bodyRx;
        double by = (y - bodyY) / bodyRy;
        if (bx * bx + by * by <= 1) return Part.BODY;
        return Part.NONE;
    }

    /** Coordinates in head radii, so the head pattern looks the same at every pet size. */
    double[] headCoordinates(double x, double y) {
        return new double[] {(x - headX) / headR, (y - headY) / headR};
    }

    private static boolean insideTriangle(double x, double y, double[] t) {
        double d1 = cross(x, y, t[0], t[1], t[2], t[3]);
        double d2 = cross(x, y, t[2], t[3], t[4], t[5]);
        double d3 = cross(x, y, t[4], t[5], t[0], t[1]);
        boolean hasNegative = d1 < 0 || d2 < 0 || d3 < 0;
        boolean hasPositive = d1 > 0 || d2 > 0 || d3 > 0;
        return !(hasNegative && hasPositive);
    }

    private static double cross(double px, double py, double ax, double ay, double bx, double by) {
        return (px - bx) * (ay - by) - (ax - bx) * (py - by);
    }
}
