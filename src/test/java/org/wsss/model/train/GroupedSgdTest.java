package org.wsss.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.testing.ColourSquares;

class GroupedSgdTest {

    private static final float BASE_RATE = 0.1f;
    private static final float DECAY = 0.5f;

    /** A "backbone" and a "head", each a linear layer with weight and bias: one parameter per group. */
    private static final class TwoLayers extends AbstractBlock {
        private final Linear backbone = addChildBlock("backbone", Linear.builder().setUnits(2).build());
        private final Linear head = addChildBlock("head", Linear.builder().setUnits(2).build());

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> p) {
            return head.forward(store, backbone.forward(store, inputs, training, p), training, p);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return head.getOutputShapes(backbone.getOutputShapes(inputShapes));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            backbone.initialize(manager, dataType, inputShapes);
            head.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
        }
    }

    private static GroupedSgd optimizer(NDManager manager, Map<String, Parameter> parameters, float momentum) {
        return GroupedSgd.builder()
                .setParameters(parameters)
                .setBackboneMembership(name -> name.startsWith("backbone."))
                .setSchedule(PolySchedule.psa(BASE_RATE, 100))
                .setStateManager(manager)
                .optMomentum(momentum)
                .optWeightDecays(DECAY)
                .build();
    }

    @Test
    void eachGroupMovesByItsMultiplierAndDecaysOnlyWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TwoLayers block = new TwoLayers();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            Map<String, Parameter> parameters = NamedParameters.of(block);
            try (GroupedSgd sgd = optimizer(manager, parameters, 0f)) {
                Map<String, LearningRateGroup> expected = Map.of(
                        "backbone.weight", LearningRateGroup.BACKBONE_WEIGHT,
                        "backbone.bias", LearningRateGroup.BACKBONE_BIAS,
                        "head.weight", LearningRateGroup.NEW_WEIGHT,
                        "head.bias", LearningRateGroup.NEW_BIAS);
                expected.forEach((name, group) -> {
                    assertEquals(Optional.of(group), sgd.groupOf(name), name);
                    NDArray weight = parameters.get(name).getArray();
                    weight.set(ones(weight));
                    sgd.update(parameters.get(name).getId(), weight, manager.ones(weight.getShape()));
                    float decay = group.decayed() ? DECAY : 0f;
                    float expectedValue = 1f - BASE_RATE * group.multiplier() * (1f + decay);
                    for (float v : weight.toFloatArray()) {
                        assertEquals(expectedValue, v, 1e-6f, name);
                    }
                });
            }
        }
    }

    @Test
    void multipliersAreThoseOfPsa() {
        assertEquals(1f, LearningRateGroup.BACKBONE_WEIGHT.multiplier());
        assertEquals(2f, LearningRateGroup.BACKBONE_BIAS.multiplier());
        assertEquals(10f, LearningRateGroup.NEW_WEIGHT.multiplier());
        assertEquals(20f, LearningRateGroup.NEW_BIAS.multiplier());
        assertEquals(LearningRateGroup.BACKBONE_WEIGHT, LearningRateGroup.of(true, Parameter.Type.GAMMA));
        assertEquals(LearningRateGroup.BACKBONE_BIAS, LearningRateGroup.of(true, Parameter.Type.BETA));
        assertThrows(IllegalArgumentException.class, () -> LearningRateGroup.of(true, Parameter.Type.RUNNING_MEAN));
    }

    @Test
    void momentumAccumulatesScaledSteps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TwoLayers block = new TwoLayers();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            Map<String, Parameter> parameters = NamedParameters.of(block);
            Parameter bias = parameters.get("backbone.bias");
            bias.getArray().set(new float[] {0f, 0f});
            try (GroupedSgd sgd = optimizer(manager, parameters, 0.9f)) {
                sgd.update(bias.getId(), bias.getArray(), manager.ones(new Shape(2)));
                sgd.update(bias.getId(), bias.getArray(), manager.ones(new Shape(2)));
                float rate = BASE_RATE * LearningRateGroup.BACKBONE_BIAS.multiplier();
                // v1 = rate, v2 = 0.9 rate + rate; w = -(v1 + v2)
                assertArrayEquals(new float[] {-2.9f * rate, -2.9f * rate}, bias.getArray().toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {1.9f * rate, 1.9f * rate},
                        sgd.exportVelocities().get("backbone.bias").values(), 1e-6f);
            }
        }
    }

    @Test
    void polyScheduleFollowsPsa() {
        PolySchedule schedule = PolySchedule.psa(0.01f, 1000);
        assertEquals(0.01f, schedule.at(0), 1e-9f);
        assertEquals(0.01 * Math.pow(0.5, 0.9), schedule.at(500), 1e-8);
        assertEquals(0.01 * Math.pow(0.001, 0.9), schedule.at(999), 1e-9);
        assertEquals(0f, schedule.at(1000));
        assertEquals(0f, schedule.at(5000));
    }

    @Test
    void frozenLayersAreUntouchedByTraining() {
        TrainingSettings settings = new TrainingSettings(4, 0.05f, 0.9f, 5e-4f, 10, 1L, 1, 1);
        List<TrainingSample> samples =
                ColourSquares.images(8, 32, 1L).stream().map(ColourSquares.Labelled::sample).toList();
        try (CamModel model = CamModel.create(CamModelSpec.of(BackboneKind.SMALL, 3, 1L), Device.cpu())) {
            model.freezeForFineTuning();
            try (LocalTrainer trainer = new LocalTrainer(model, settings, Device.cpu())) {
                Map<String, HostTensor> before = trainer.snapshot().parameters();
                trainer.train(samples, (s, r) -> s, new TrainingRound(0, 2, 3L));
                Map<String, HostTensor> after = trainer.snapshot().parameters();
                Map<String, Parameter> named = NamedParameters.of(model.network());
                before.forEach((name, tensor) -> {
                    boolean frozen = !named.get(name).requiresGradient();
                    boolean unchanged = Arrays.equals(tensor.values(), after.get(name).values());
                    assertEquals(frozen, unchanged, name + (frozen ? " is frozen but changed" : " is trainable but unchanged"));
                });
                assertFalse(named.get("backbone.layer1.0.conv1.weight").requiresGradient());
                assertFalse(named.get("backbone.layer3.0.bn1.running_mean").requiresGradient());
                assertTrue(named.get("backbone.layer2.0.conv1.weight").requiresGradient());
                assertEquals(Optional.empty(), trainer.optimizer().groupOf("backbone.conv1.weight"));
                assertEquals(Optional.of(LearningRateGroup.NEW_WEIGHT), trainer.optimizer().groupOf("classifier.weight"));
            }
        }
    }

    private static float[] ones(NDArray array) {
        float[] values = new float[(int) array.size()];
        Arrays.fill(values, 1f);
        return values;
    }
}
