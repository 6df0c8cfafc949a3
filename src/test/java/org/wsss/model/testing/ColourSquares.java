package org.wsss.model.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.model.train.TrainingSample;

/**
 * Synthetic single-label images for training tests: grey noise with one coloured square whose colour is the class
 * (red, green or blue), at a random place and size.
 */
public final class ColourSquares {

    public static final int CLASSES = 3;
    private static final float NOISE = 0.25f;
    private static final float BACKGROUND = 0.4f;

    private ColourSquares() {}

    /** {@code count} images of {@code size x size}, classes in rotation, as raw RGB in [0, 1]. */
    public static List<Labelled> images(int count, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Labelled> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            FloatImage image = FloatImage.zeros(3, size, size);
            float[] v = image.values();
            for (int j = 0; j < v.length; j++) {
                v[j] = BACKGROUND + NOISE * (float) random.nextDouble(-1, 1);
            }
            int side = random.nextInt(size / 3, size / 2 + 1);
            int top = random.nextInt(size - side + 1);
            int left = random.nextInt(size - side + 1);
            for (int y = top; y < top + side; y++) {
                for (int x = left; x < left + side; x++) {
                    for (int c = 0; c < 3; c++) {
                        v[image.index(c, y, x)] = c == label ? 0.9f : 0.1f;
                    }
                }
            }
            images.add(new Labelled(image, label));
        }
        return images;
    }

    /** An image with its class. */
    public record Labelled(FloatImage rgb, int label) {

        /** The normalised image with its one-hot label, as the trainer takes it. */
        public TrainingSample sample() {
            FloatImage input = ImageNetNormalization.normalize(rgb);
            float[] target = new float[CLASSES];
            target[label] = 1f;
            return TrainingSample.of(input.values(), input.channels(), input.height(), input.width(), target);
        }
    }
}
