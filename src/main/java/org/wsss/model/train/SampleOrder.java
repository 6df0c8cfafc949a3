package org.wsss.model.train;

import java.util.SplittableRandom;

/**
 * The order in which a round visits its samples: an endless sequence of epochs, each a seeded permutation of all
 * samples, so every sample is seen once per epoch and the order depends only on the seed.
 */
final class SampleOrder {

    private static final long PERMUTATION_STREAM = 1L;

    private final int sampleCount;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedPermutation;

    SampleOrder(int sampleCount, long seed) {
        if (sampleCount < 1) {
            throw new IllegalArgumentException("there must be at least one sample");
        }
        this.sampleCount = sampleCount;
        this.seed = seed;
    }

    /** Index of the sample visited at a position of the sequence. */
    int sampleAt(long position) {
        long epoch = position / sampleCount;
        if (epoch != cachedEpoch) {
            cachedPermutation = permutation(epoch);
            cachedEpoch = epoch;
        }
        return cachedPermutation[(int) (position % sampleCount)];
    }

    private int[] permutation(long epoch) {
        int[] order = new int[sampleCount];
        for (int i = 0; i < sampleCount; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, PERMUTATION_STREAM, epoch));
        for (int i = sampleCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
