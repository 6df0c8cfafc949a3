package org.wsss.model.affinity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.FeatureStage;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.HostArrays;
import org.wsss.model.nn.NamedParameters;

class AffinityNetTest {

    private static final int SEED = 7;

    @Test
    void featuresAre448ChannelsAtStrideEight() {
        Shape input = new Shape(2, 3, 45, 72);
        Shape expected = new Shape(2, AffinityNet.FEATURE_CHANNELS, 6, 9);
        AffinityNet net = AffinityNet.builder().setKind(BackboneKind.SMALL).build();
        assertEquals(expected, net.getOutputShapes(new Shape[] {input})[0]);
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            try (NDManager scratch = manager.newSubManager()) {
                NDArray features = net.forward(
                        new ParameterStore(scratch, false), new NDList(scratch.randomNormal(input)), false)
                        .singletonOrThrow();
                assertEquals(expected, features.getShape());
                // ELU output is bounded below by -alpha
                assertTrue(features.min().getFloat() >= -1f);
            }
        }
    }

    @Test
    void stagesShareTheFeatureGridOfAResNet50() {
        Shape[] stages = ResNetBackbone.builder().setKind(BackboneKind.RESNET50).build()
                .getOutputShapes(new Shape[] {new Shape(1, 3, 448, 448)});
        for (FeatureStage stage : FeatureStage.values()) {
            assertEquals(56, stages[stage.ordinal()].get(2), stage.name());
            assertEquals(56, stages[stage.ordinal()].get(3), stage.name());
        }
        Shape features = AffinityNet.builder().setKind(BackboneKind.RESNET50).build()
                .getOutputShapes(new Shape[] {new Shape(1, 3, 448, 448)})[0];
        assertEquals(new Shape(1, 448, 56, 56), features);
    }

    @Test
    void projectionsConcatenateTo448Channels() {
        assertEquals(448, AffinityNet.FEATURE_CHANNELS);
        assertEquals(List.of(64, 128, 256),
                List.of(FeatureProjection.STAGE3.channels(), FeatureProjection.STAGE4.channels(),
                        FeatureProjection.STAGE5.channels()));
    }

    @Test
    void builderNamesWhatIsMissingOrContradictory() {
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> AffinityNet.builder().build());
        assertTrue(missing.getMessage().contains("setBackbone") && missing.getMessage().contains("setKind"),
                missing.getMessage());
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> AffinityNet.builder()
                .setKind(BackboneKind.SMALL)
                .setBackbone(ResNetBackbone.builder().setKind(BackboneKind.SMALL).build())
                .build());
        assertTrue(both.getMessage().contains("only one"), both.getMessage());
    }

    @Test
    void parametersSplitIntoBackboneAndNewLayers() {
        AffinityNet net = AffinityNet.builder().setKind(BackboneKind.SMALL).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Parameter> named = NamedParameters.of(net);

            assertEquals(List.of("project3.weight", "project4.weight", "project5.weight", "fuse.weight"),
                    List.copyOf(net.newLayerParameterNames()));
            assertTrue(named.containsKey("backbone.conv1.weight"));
            assertTrue(named.containsKey("backbone.layer4.0.bn2.running_var"));
            for (String name : named.keySet()) {
                assertEquals(!net.newLayerParameterNames().contains(name), AffinityNet.isBackboneParameter(name), name);
            }
            // SMALL stage widths 32, 64, 128 in; 64, 128, 256 out; 1x1 kernels
            assertArrayEquals(new long[] {64, 32, 1, 1}, named.get("project3.weight").getShape().getShape());
            assertArrayEquals(new long[] {128, 64, 1, 1}, named.get("project4.weight").getShape().getShape());
            assertArrayEquals(new long[] {256, 128, 1, 1}, named.get("project5.weight").getShape().getShape());
            assertArrayEquals(new long[] {448, 448, 1, 1}, named.get("fuse.weight").getShape().getShape());
        }
    }

    @Test
    void newLayersStartWithKaimingAndGainFourXavier() {
        assertEquals(3f, AffinityInitializers.xavierUniformMagnitude(1f), "gain 1 is DJL's default magnitude");
        assertEquals(48f, AffinityInitializers.xavierUniformMagnitude(4f));

        Engine.getInstance().setRandomSeed(SEED);
        AffinityNet net = AffinityNet.builder().setKind(BackboneKind.SMALL).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Parameter> named = NamedParameters.of(net);
            for (FeatureProjection projection : FeatureProjection.values()) {
                float[] weights = named.get(projection.childName() + ".weight").getArray().toFloatArray();
                int fanIn = weights.length / projection.channels();
                assertRelativelyClose(Math.sqrt(2.0 / fanIn), std(weights), 0.05, projection.childName());
                assertRelativelyClose(0.0, mean(weights), Math.sqrt(2.0 / fanIn) * 0.05, projection.childName());
            }
            float[] fusion = named.get("fuse.weight").getArray().toFloatArray();
            double bound = 4 * Math.sqrt(6.0 / (448 + 448));
            double largest = 0;
            for (float value : fusion) {
                largest = Math.max(largest, Math.abs(value));
            }
            assertTrue(largest <= bound && largest > 0.99 * bound, "largest |w| " + largest + " vs bound " + bound);
            // uniform on [-b, b]: std = b / sqrt(3), four times that of gain 1
            assertRelativelyClose(bound / Math.sqrt(3), std(fusion), 0.02, "fuse");
        }
    }

    @Test
    void backboneParametersCopyInByNameFromAStandaloneBackbone() {
        Shape input = new Shape(1, 3, 40, 48);
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone stageOne = ResNetBackbone.builder().setKind(BackboneKind.SMALL).build();
            stageOne.initialize(manager, DataType.FLOAT32, input);
            AffinityNet net = AffinityNet.builder().setKind(BackboneKind.SMALL).build();
            net.initialize(manager, DataType.FLOAT32, input);

            Map<String, Parameter> source = NamedParameters.of(stageOne);
            Map<String, Parameter> target = NamedParameters.of(net.backbone());
            assertEquals(source.keySet(), target.keySet());
            source.forEach((name, parameter) ->
                    HostArrays.copyInto(HostArrays.toHost(parameter.getArray()), target.get(name).getArray()));

            try (NDManager scratch = manager.newSubManager()) {
                NDArray image = scratch.randomNormal(input);
                ParameterStore store = new ParameterStore(scratch, false);
                NDArray expected = FeatureStage.STAGE5.select(stageOne.forward(store, new NDList(image), false));
                NDArray actual = FeatureStage.STAGE5.select(net.backbone().forward(store, new NDList(image), false));
                assertTrue(expected.allClose(actual), "copied backbone computes the same features");
            }
        }
    }

    private static void assertRelativelyClose(double expected, double actual, double tolerance, String what) {
        double scale = expected == 0 ? 1 : Math.abs(expected);
        assertTrue(Math.abs(actual - expected) <= tolerance * scale,
                what + ": expected " + expected + " within " + tolerance + ", got " + actual);
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double std(float[] values) {
        double mean = mean(values);
        double squares = 0;
        for (float value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
