package org.wsss.config;

import java.io.Serializable;

/** The synthetic Oxford-IIIT Pet look-alike: how many images, how big, which seed. */
public record SynthSettings(int breeds, int perBreed, long seed, int minSide, int maxSide, double testFraction,
                            boolean quirks) implements Serializable {

    /** The real dataset has 37 breeds; a synthetic one uses the first N of them. */
    public static final int MAX_BREEDS = 37;

    public SynthSettings {
        if (minSide > maxSide) {
            throw new ConfigError("setting wsss.synth.min-side = " + minSide
                    + " is larger than wsss.synth.max-side = " + maxSide);
        }
    }

    static SynthSettings from(SettingsReader r) {
        return new SynthSettings(
                r.intIn("breeds", 2, MAX_BREEDS),
                r.intIn("per-breed", 2, 100_000),
                r.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                r.intIn("min-side", 32, 4096),
                r.intIn("max-side", 32, 4096),
                r.doubleAbove("test-fraction", 0.0, 0.9),
                r.bool("quirks"));
    }

    public SynthSettings with(int newBreeds, int newPerBreed, long newSeed, int newMinSide, int newMaxSide) {
        return new SynthSettings(newBreeds, newPerBreed, newSeed, newMinSide, newMaxSide, testFraction, quirks);
    }
}
