package org.wsss.algo.walk;

import java.util.Random;
import org.wsss.algo.maps.ChannelStack;

/** Seeded random inputs for walk tests and benchmarks. */
public final class WalkInputs {

    private WalkInputs() {
    }

    /**
     * Features with a spread like AffinityNet's: a few smooth regions with distinct mean vectors plus
     * per-pixel noise, so affinities range from near 1 inside a region to near 0 across regions.
     */
    public static ChannelStack features(int channels, int height, int width, long seed) {
        Random random = new Random(seed);
        int regions = 4;
        float[][] means = new float[regions][channels];
        for (float[] mean : means) {
            for (int c = 0; c < channels; c++) {
                mean[c] = (float) random.nextGaussian();
            }
        }
        ChannelStack features = ChannelStack.zeros(channels, height, width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int region = (2 * y / height) * 2 + 2 * x / width;
                for (int c = 0; c < channels; c++) {
                    features.values()[features.index(c, y, x)] =
                            means[region][c] + 0.3f * (float) random.nextGaussian();
                }
            }
        }
        return features;
    }

    /** Scores in [0, 1]. */
    public static ChannelStack scores(int classes, int height, int width, long seed) {
        Random random = new Random(seed);
        ChannelStack scores = ChannelStack.zeros(classes, height, width);
        for (int i = 0; i < scores.values().length; i++) {
            scores.values()[i] = random.nextFloat();
        }
        return scores;
    }
}
