package org.wsss.algo.metrics;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How sure a comparison of two segmentations on a few images is: the images are drawn again with replacement, the
 * same draw for both (paired), and each draw's mIoU is computed from the summed confusion counts, as for the whole
 * set. The share of draws the challenger wins estimates how likely it is to win on other images like these.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {}

    /**
     * The share of {@code resamples} draws in which {@code challenger} scores a higher mIoU than {@code baseline}.
     *
     * @param challenger, baseline each image's confusion counts ({@link ConfusionMatrix#toLongArray}), image
     *     {@code i} at index {@code i} of both
     */
    public static double shareWon(List<long[]> challenger, List<long[]> baseline, int classes, int resamples,
                                  long seed) {
        if (challenger.size() != baseline.size() || challenger.isEmpty()) {
            throw new IllegalArgumentException("need the same, non-empty images for both: " + challenger.size()
                    + " and " + baseline.size());
        }
        if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1: " + resamples);
        SplittableRandom random = new SplittableRandom(seed);
        int images = challenger.size();
        int cells = challenger.get(0).length;
        int won = 0;
        for (int r = 0; r < resamples; r++) {
            long[] a = new long[cells];
            long[] b = new long[cells];
            for (int i = 0; i < images; i++) {
                int drawn = random.nextInt(images);
                add(a, challenger.get(drawn));
                add(b, baseline.get(drawn));
            }
            if (meanIou(a, classes) > meanIou(b, classes)) won++;
        }
        return (double) won / resamples;
    }

    private static void add(long[] total, long[] counts) {
        for (int c = 0; c < total.length; c++) total[c] += counts[c];
    }

    private static double meanIou(long[] counts, int classes) {
        return SegmentationMetrics.of(ConfusionMatrix.fromLongArray(classes, counts)).meanIou();
    }
}
