package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.model.affinity.AffinityLoss;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.HostTensor;

/**
 * One optimiser step on a batch of 4 moves every parameter the same whether the batch runs whole or as
 * micro-batches (2 + 2, or 1 + 1 + 1 + 1): with momentum and weight decay off, the step is {@code -lr x gradient},
 * so equal steps mean equal gradients. Batch norm is frozen (the fine-tuning regime) and dropout off, so the whole
 * batch's gradient is well defined independently of how it is cut.
 *
 * <p>The affinity samples have very different mixes of pair kinds, so every micro-batch's per-kind counts differ
 * from the batch's: normalising a micro-batch by its own counts would move the parameters differently.
 */
class MicroBatchGradientTest {
    private static final int BATCH = 4;
    private static final float LEARNING_RATE = 0.1f;
    /** Largest difference between two runs' parameter steps, relative to the largest step. */
    private static final double RELATIVE_TOLERANCE = 1e-4;

    @Test
    void classifierMicroBatchesAccumulateTheBatchGradient() {
        List<TrainingSample> samples = classifierSamples();
        Supplier<TrainableNetwork> network = () -> {
            CamModel model = CamModel.create(new CamModelSpec(BackboneKind.SMALL, 3, 0f, 5L), Device.cpu());
            model.freezeForFineTuning();
            return model;
        };
        assertSameSteps(network, samples);
    }

    @Test
    void affinityMicroBatchesNormaliseByTheBatchsPairCounts() {
        List<TrainingSample> samples = affinitySamples();
        Supplier<TrainableNetwork> network = () -> {
            AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 5L, Device.cpu());
            model.freezeForFineTuning();
            return model;
        };
        assertSameSteps(network, samples);
    }

    private static void assertSameSteps(Supplier<TrainableNetwork> network, List<TrainingSample> samples) {
        Map<String, float[]> whole = stepOf(network, samples, BATCH);
        double largest = whole.values().stream().flatMap(d -> boxed(d).stream()).mapToDouble(Math::abs).max()
                .orElseThrow();
        assertTrue(largest > 1e-4, "the step should move the parameters, largest move " + largest);
        for (int microBatch : new int[] {2, 1}) {
            Map<String, float[]> parted = stepOf(network, samples, microBatch);
            double worst = 0;
            String worstName = "";
            for (Map.Entry<String, float[]> entry : whole.entrySet()) {
                float[] other = parted.get(entry.getKey());
                for (int i = 0; i < other.length; i++) {
                    double difference = Math.abs(entry.getValue()[i] - other[i]);
                    if (difference > worst) {
                        worst = difference;
                        worstName = entry.getKey();
                    }
                }
            }
            assertTrue(worst <= RELATIVE_TOLERANCE * largest, "micro-batch " + microBatch + ": " + worstName
                    + " moved " + worst + " differently (largest move " + largest + ")");
        }
    }

    /** Every parameter's change over one step at the schedule's first learning rate. */
    private static Map<String, float[]> stepOf(Supplier<TrainableNetwork> factory, List<TrainingSample> samples,
                                               int microBatch) {
        TrainingSettings settings = new TrainingSettings(BATCH, LEARNING_RATE, 0f, 0f, 10, 1L, 1, 1, microBatch);
        TrainableNetwork network = factory.get();
        try (LocalTrainer trainer = new LocalTrainer(network, settings, Device.cpu())) {
            Map<String, HostTensor> before = ParameterSnapshot.capture(network.model().getBlock()).parameters();
            trainer.train(samples, (sample, random) -> sample, new TrainingRound(0, 1, 3L));
            Map<String, HostTensor> after = ParameterSnapshot.capture(network.model().getBlock()).parameters();
            Map<String, float[]> steps = new java.util.TreeMap<>();
            before.forEach((name, value) -> {
                float[] step = new float[value.values().length];
                for (int i = 0; i < step.length; i++) step[i] = after.get(name).values()[i] - value.values()[i];
                steps.put(name, step);
            });
            return steps;
        } finally {
            network.model().close();
        }
    }

    private static List<TrainingSample> classifierSamples() {
        SplittableRandom random = new SplittableRandom(11L);
        List<TrainingSample> samples = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            float[] label = new float[3];
            label[i % 3] = 1f;
            samples.add(TrainingSample.of(noise(random, 3 * 32 * 32), 3, 32, 32, label));
        }
        return samples;
    }

    /** 96 x 96 images (12 x 12 features) whose label planes mix the pair kinds in very different proportions. */
    private static List<TrainingSample> affinitySamples() {
        int side = 96;
        PairOffsets offsets = PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS);
        int sources = offsets.sourceWindow(side / 8, side / 8).count();
        int perPlane = offsets.count() * sources;
        double[][] shares = {{0.8, 0.05}, {0.1, 0.6}, {0.4, 0.1}, {0.02, 0.3}};
        SplittableRandom random = new SplittableRandom(13L);
        List<TrainingSample> samples = new ArrayList<>();
        for (double[] share : shares) {
            float[] planes = new float[AffinityLoss.LABEL_ORDER.size() * perPlane];
            for (int pair = 0; pair < perPlane; pair++) {
                double draw = random.nextDouble();
                int plane = draw < share[0] ? 0 : draw < share[0] + share[1] ? 1 : 2;
                planes[plane * perPlane + pair] = 1f;
            }
            HostTensor label = new HostTensor(new long[] {AffinityLoss.LABEL_ORDER.size(), offsets.count(), sources},
                    planes);
            HostTensor image = new HostTensor(new long[] {3, side, side}, noise(random, 3 * side * side));
            samples.add(new TrainingSample(image, label));
        }
        return samples;
    }

    private static float[] noise(SplittableRandom random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) values[i] = (float) random.nextGaussian();
        return values;
    }

    private static List<Float> boxed(float[] values) {
        List<Float> boxed = new ArrayList<>(values.length);
        for (float v : values) boxed.add(v);
        return boxed;
    }
}
