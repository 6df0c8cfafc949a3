package org.wsss.model.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.affinity.PairKind;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.algo.affinity.PairOffsets.SourceWindow;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.maps.LabelMap;

/** {@link PairAffinities} against a loop over pairs, and in {@link PairLabels}' layout. */
class AffinityNetPairAffinitiesTest {

    private static final PairOffsets RADIUS_5 = PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS);

    @Test
    void equalsAPairByPairLoop() {
        int batch = 2;
        int channels = 5;
        int height = 8;
        int width = 11;
        float[] values = randomValues(batch * channels * height * width, 1L);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.create(values, new Shape(batch, channels, height, width));
            float[] actual = PairAffinities.of(features, RADIUS_5).toFloatArray();

            SourceWindow window = RADIUS_5.sourceWindow(height, width);
            assertEquals(4 * 3, window.count());
            assertEquals(batch * 34 * window.count(), actual.length);
            int position = 0;
            for (int image = 0; image < batch; image++) {
                for (int offset = 0; offset < RADIUS_5.count(); offset++) {
                    for (int source = 0; source < window.count(); source++) {
                        int from = window.pixel(source);
                        int to = from + RADIUS_5.flatStep(offset, width);
                        double distance = 0;
                        for (int channel = 0; channel < channels; channel++) {
                            int plane = (image * channels + channel) * height * width;
                            distance += Math.abs(values[plane + from] - values[plane + to]);
                        }
                        double expected = Math.exp(-distance / channels);
                        assertEquals(expected, actual[position++], 1e-6,
                                "image " + image + " offset " + offset + " source " + source);
                    }
                }
            }
        }
    }

    @Test
    void followsThePairLabelsLayout() {
        int height = 9;
        int width = 12;
        SplittableRandom random = new SplittableRandom(3L);
        byte[] labels = new byte[height * width];
        float[] oneChannel = new float[height * width];
        for (int pixel = 0; pixel < labels.length; pixel++) {
            int label = random.nextInt(3);
            labels[pixel] = (byte) label;
            oneChannel[pixel] = 10f * label;
        }
        PairLabels pairs = PairLabels.of(new LabelMap(height, width, labels), RADIUS_5);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] affinities = PairAffinities.of(manager.create(oneChannel, new Shape(1, 1, height, width)), RADIUS_5)
                    .toFloatArray();
            assertEquals(pairs.size(), affinities.length);
            for (int offset = 0; offset < RADIUS_5.count(); offset++) {
                for (int source = 0; source < pairs.pairsPerOffset(); source++) {
                    float affinity = affinities[offset * pairs.pairsPerOffset() + source];
                    boolean same = pairs.kind(offset, source) != PairKind.NEGATIVE;
                    assertTrue(same ? affinity == 1f : affinity < 1e-4f,
                            "offset " + offset + " source " + source + ": " + pairs.kind(offset, source) + " " + affinity);
                }
            }
        }
    }

    @Test
    void gradientsReachTheFeatures() {
        Shape shape = new Shape(1, 4, 6, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.create(randomValues((int) shape.size(), 5L), shape);
            features.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(PairAffinities.of(features, RADIUS_5).sum());
            }
            float[] gradient = features.getGradient().toFloatArray();
            double norm = 0;
            for (float value : gradient) {
                assertTrue(Float.isFinite(value));
                norm += value * value;
            }
            assertTrue(norm > 0, "some gradient");
        }
    }

    @Test
    void aMapNarrowerThanTheCropHasNoPairs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.ones(new Shape(2, 3, 6, 8));
            assertEquals(new Shape(2, 34, 0), PairAffinities.of(features, RADIUS_5).getShape());
        }
    }

    private static float[] randomValues(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
