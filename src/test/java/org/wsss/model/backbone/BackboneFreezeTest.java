package org.wsss.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsss.model.nn.NamedParameters;

class BackboneFreezeTest {

    private static final Shape INPUT = new Shape(4, 2, 3, 3);

    @Test
    void frozenNormUsesRunningStatisticsEvenInTrainingAndNeverUpdatesThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FreezableBatchNorm norm = new FreezableBatchNorm(true);
            norm.initialize(manager, DataType.FLOAT32, INPUT);
            Map<String, Parameter> p = NamedParameters.of(norm);
            p.get("running_mean").getArray().set(new float[] {1f, -2f});
            p.get("running_var").getArray().set(new float[] {4f, 0.25f});
            p.get("weight").getArray().set(new float[] {2f, 3f});
            p.get("bias").getArray().set(new float[] {0.5f, -1f});
            NDArray input = manager.randomNormal(INPUT);

            NDArray output = norm.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();

            float[] x = input.toFloatArray();
            float[] y = output.toFloatArray();
            float[] mean = {1f, -2f};
            float[] var = {4f, 0.25f};
            float[] gamma = {2f, 3f};
            float[] beta = {0.5f, -1f};
            int plane = 9;
            for (int i = 0; i < x.length; i++) {
                int c = (i / plane) % 2;
                float expected = (x[i] - mean[c]) / (float) Math.sqrt(var[c] + FreezableBatchNorm.EPSILON) * gamma[c] + beta[c];
                assertEquals(expected, y[i], 1e-5f);
            }
            assertArrayEquals(mean, p.get("running_mean").getArray().toFloatArray());
            assertArrayEquals(var, p.get("running_var").getArray().toFloatArray());
            assertFalse(p.get("weight").requiresGradient());
            assertFalse(p.get("bias").requiresGradient());
        }
    }

    @Test
    void trainableNormUsesBatchStatisticsAndUpdatesRunningOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FreezableBatchNorm norm = new FreezableBatchNorm(false);
            norm.initialize(manager, DataType.FLOAT32, INPUT);
            NDArray input = manager.randomNormal(INPUT).add(5f);

            NDArray output = norm.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();

            assertEquals(0f, output.mean().getFloat(), 1e-4f);
            float batchMean = input.mean().getFloat();
            float[] runningMean = NamedParameters.of(norm).get("running_mean").getArray().toFloatArray();
            // PyTorch momentum 0.1 from an initial 0: one tenth of each channel's batch mean (about 5)
            assertEquals(0.1f * batchMean, (runningMean[0] + runningMean[1]) / 2f, 0.1f);
            assertTrue(NamedParameters.of(norm).get("weight").requiresGradient());
        }
    }

    @Test
    void fineTuningFreezesStemFirstStageAndEveryNorm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNetBackbone backbone = ResNetBackbone.builder().setKind(BackboneKind.SMALL).build();
            backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));

            backbone.freezeForFineTuning();

            Map<String, Parameter> named = NamedParameters.of(backbone);
            named.forEach((name, parameter) -> {
                boolean early = name.startsWith("conv1.") || name.startsWith("bn1.") || name.startsWith("layer1.");
                boolean norm = parameter.getType() != Parameter.Type.WEIGHT;
                assertEquals(!(early || norm), parameter.requiresGradient(), name);
            });
            assertTrue(named.get("layer2.0.conv1.weight").requiresGradient());
            assertTrue(ResNetBackbone.descendants(backbone, FreezableBatchNorm.class).stream()
                    .allMatch(FreezableBatchNorm::isFrozen));
        }
    }
}
