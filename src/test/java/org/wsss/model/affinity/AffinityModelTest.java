package org.wsss.model.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wsss.algo.affinity.PairLabels;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.algo.maps.LabelMap;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.train.ParameterSnapshot;

class AffinityModelTest {
    private static final PairOffsets RADIUS_5 = PairOffsets.ofRadius(PairOffsets.DEFAULT_RADIUS);

    @Test
    void theNetworkIsAPureFunctionOfItsSeed() {
        ParameterSnapshot first = build(7L, 1);
        ParameterSnapshot again = build(7L, 2);
        assertEquals(first, again, "the engine's generator, seeded differently, changes nothing");
        ParameterSnapshot other = build(8L, 1);
        for (String name : List.of("backbone.conv1.weight", "project3.weight", "project5.weight", "fuse.weight")) {
            assertFalse(Arrays.equals(first.parameters().get(name).values(), other.parameters().get(name).values()),
                    name + " follows the seed");
        }
    }

    @Test
    void seededNewLayersKeepPsasDistributions() {
        Map<String, HostTensor> parameters = build(3L, 1).parameters();
        for (FeatureProjection projection : FeatureProjection.values()) {
            float[] weights = parameters.get(projection.childName() + ".weight").values();
            double expected = Math.sqrt(2.0 / (weights.length / projection.channels()));
            assertEquals(expected, std(weights), 0.05 * expected, projection.childName() + ": He normal, fan in");
        }
        float[] fusion = parameters.get("fuse.weight").values();
        double bound = AffinityInitializers.FUSION_GAIN * Math.sqrt(6.0 / (448 + 448));
        double largest = 0;
        for (float value : fusion) largest = Math.max(largest, Math.abs(value));
        assertTrue(largest <= bound && largest > 0.99 * bound, "largest |w| " + largest + " vs bound " + bound);
        assertEquals(bound / Math.sqrt(3), std(fusion), 0.02 * bound / Math.sqrt(3), "Xavier uniform, gain 4");
    }

    @Test
    void stackedLabelPlanesGiveTheLossOfSeparatePlanes() {
        SplittableRandom random = new SplittableRandom(4);
        List<PairLabels> batch = List.of(randomPairs(random), randomPairs(random));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray features = manager.randomNormal(new Shape(2, 8, 10, 12));
            float[] stacked = new float[0];
            long[] itemShape = null;
            for (PairLabels labels : batch) {
                HostTensor planes = PairLabelArrays.stackedPlanes(labels);
                itemShape = planes.shape();
                float[] grown = Arrays.copyOf(stacked, stacked.length + planes.values().length);
                System.arraycopy(planes.values(), 0, grown, stacked.length, planes.values().length);
                stacked = grown;
            }
            assertArrayEquals(new long[] {3, 34, (10 - 4) * (12 - 8)}, itemShape);
            NDArray stackedArray = manager.create(stacked, new Shape(2, 3, 34, (10 - 4) * (12 - 8)));
            FeatureAffinityLoss loss = new FeatureAffinityLoss(RADIUS_5);
            float separate = loss.evaluate(PairLabelArrays.of(manager, batch), new NDList(features)).getFloat();
            float together = loss.evaluate(new NDList(stackedArray), new NDList(features)).getFloat();
            assertEquals(separate, together, 1e-6f * Math.abs(separate));
            assertTrue(separate > 0);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PairLabelArrays.unstack(manager.zeros(new Shape(2, 4, 34, 24))));
            assertTrue(e.getMessage().startsWith("expected stacked label planes (N, 3, offsets, sources)"),
                    e.getMessage());
        }
    }

    @Test
    void pairAffinitiesOfAPaddedImageAreInTheLabelLayout() {
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 1L, Device.cpu())) {
            HostTensor image = new HostTensor(new long[] {1, 3, 80, 96}, new float[3 * 80 * 96]);
            HostTensor affinities = model.pairAffinities(image);
            assertArrayEquals(new long[] {1, 34, (10 - 4) * (12 - 8)}, affinities.shape());
            for (float a : affinities.values()) assertTrue(a > 0f && a <= 1f, "affinity " + a);
        }
    }

    private static ParameterSnapshot build(long seed, int engineSeed) {
        Engine.getInstance().setRandomSeed(engineSeed);
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, seed, Device.cpu())) {
            return ParameterSnapshot.capture(model.model().getBlock());
        }
    }

    private static PairLabels randomPairs(SplittableRandom random) {
        byte[] labels = new byte[10 * 12];
        int[] choices = {0, 2, LabelMap.IGNORE};
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) choices[random.nextInt(choices.length)];
        return PairLabels.of(new LabelMap(10, 12, labels), RADIUS_5);
    }

    private static double std(float[] values) {
        double mean = 0;
        for (float v : values) mean += v;
        mean /= values.length;
        double squares = 0;
        for (float v : values) squares += (v - mean) * (v - mean);
        return Math.sqrt(squares / values.length);
    }
}
