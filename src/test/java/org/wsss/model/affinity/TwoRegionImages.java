package org.wsss.model.affinity;

import java.util.SplittableRandom;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.maps.LabelMap;

/**
 * Synthetic training data for AffinityNet: square images split by one straight vertical or horizontal boundary at a
 * random position into two flat regions of random, clearly different colours (plus a little noise), with labels
 * at feature resolution: one region background, the other class 1, and feature blocks the boundary cuts ignored.
 */
final class TwoRegionImages {

    /** Normalised colour channel values are drawn from [-RANGE, RANGE]. */
    private static final double COLOUR_RANGE = 1.5;
    /** Least L1 distance between the two colours, so every boundary is visible. */
    private static final double MIN_COLOUR_DISTANCE = 2.4;
    private static final double NOISE_STD = 0.05;
    private static final int CHANNELS = 3;
    private static final int FOREGROUND = 1;
    /** Least extent of each region, in feature blocks, so both regions hold pairs. */
    private static final int MIN_REGION_BLOCKS = 2;

    /** One image and its labels at stride 8. */
    record Sample(ChannelStack image, LabelMap featureLabels) {}

    private final int size;
    private final int stride;

    /**
     * @param size image height and width, a multiple of {@code stride}
     * @param stride input pixels per feature pixel
     */
    TwoRegionImages(int size, int stride) {
        if (size % stride != 0) {
            throw new IllegalArgumentException(size + " is not a multiple of " + stride);
        }
        this.size = size;
        this.stride = stride;
    }

    Sample draw(SplittableRandom random) {
        boolean vertical = random.nextBoolean();
        int boundary = random.nextInt(MIN_REGION_BLOCKS * stride, size - MIN_REGION_BLOCKS * stride + 1);
        boolean firstIsForeground = random.nextBoolean();
        double[][] colours = distinctColours(random);

        ChannelStack image = ChannelStack.zeros(CHANNELS, size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int region = (vertical ? x : y) < boundary ? 0 : 1;
                for (int channel = 0; channel < CHANNELS; channel++) {
                    image.values()[image.index(channel, y, x)] =
                            (float) (colours[region][channel] + NOISE_STD * random.nextGaussian());
                }
            }
        }

        int grid = size / stride;
        byte[] labels = new byte[grid * grid];
        for (int row = 0; row < grid; row++) {
            for (int column = 0; column < grid; column++) {
                int block = vertical ? column : row;
                int start = block * stride;
                int label;
                if (start + stride <= boundary) {
                    label = firstIsForeground ? FOREGROUND : LabelMap.BACKGROUND;
                } else if (start >= boundary) {
                    label = firstIsForeground ? LabelMap.BACKGROUND : FOREGROUND;
                } else {
                    label = LabelMap.IGNORE;
                }
                labels[row * grid + column] = (byte) label;
            }
        }
        return new Sample(image, new LabelMap(grid, grid, labels));
    }

    private static double[][] distinctColours(SplittableRandom random) {
        while (true) {
            double[][] colours = new double[2][CHANNELS];
            double distance = 0;
            for (int channel = 0; channel < CHANNELS; channel++) {
                colours[0][channel] = random.nextDouble(-COLOUR_RANGE, COLOUR_RANGE);
                colours[1][channel] = random.nextDouble(-COLOUR_RANGE, COLOUR_RANGE);
                distance += Math.abs(colours[0][channel] - colours[1][channel]);
            }
            if (distance >= MIN_COLOUR_DISTANCE) {
                return colours;
            }
        }
    }
}
