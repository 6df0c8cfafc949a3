package org.wsss.algo.synth;

/**
 * What makes a synthetic breed recognisable: the pattern and colour of the markings on the pet's head. Nothing else
 * about an image depends on the breed (body fur, pose, size, position and background are drawn independently),
 * so a classifier must look at the pet, and its head most of all, as CAMs on real pets do.
 */
record BreedAppearance(Pattern pattern, int[] markColour, double period, double angle) {

    enum Pattern { STRIPES, SPOTS, CHECKS, RINGS }

    private static final double GOLDEN_RATIO_CONJUGATE = 0.6180339887498949;

    static BreedAppearance of(int breedIndex) {
        Pattern pattern = Pattern.values()[breedIndex % Pattern.values().length];
        // Hues spread by the golden ratio stay far apart for any number of breeds.
        double hue = (breedIndex * GOLDEN_RATIO_CONJUGATE) % 1.0;
        int[] mark = Colours.hsvToRgb(hue, 0.85, 0.95 - 0.3 * ((breedIndex / 4) % 2));
        // Marks a few pixels wide even on the smallest heads, and covering about half of the head.
        double period = 0.5 + 0.15 * ((breedIndex / 8) % 3);
        double angle = Math.PI * ((breedIndex * 37) % 180) / 180.0;
        return new BreedAppearance(pattern, mark, period, angle);
    }

    /** True where the head shows the breed's marking; (u, v) are head coordinates in head radii. */
    boolean marks(double u, double v) {
        double p = period;
        return switch (pattern) {
            case STRIPES -> Math.sin((u * Math.cos(angle) + v * Math.sin(angle)) * 2 * Math.PI / p) > 0;
            case SPOTS -> {
                double fu = u / p - Math.floor(u / p) - 0.5;
                double fv = v / p - Math.floor(v / p) - 0.5;
                yield fu * fu + fv * fv < 0.16;
            }
            case CHECKS -> ((int) Math.floor(u / p) + (int) Math.floor(v / p)) % 2 == 0;
            case RINGS -> Math.sin(Math.hypot(u, v) * 2 * Math.PI / p) > 0;
        };
    }
}
