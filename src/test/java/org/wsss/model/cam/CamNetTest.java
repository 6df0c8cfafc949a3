package org.wsss.model.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.nn.StochasticBlocks;
import org.wsss.model.testing.StageCopies;

/** The CAM head on a stand-in backbone whose features are the input pixels. */
class CamNetTest {

    /** Classifier weights (2 classes x 3 channels). */
    static final float[] WEIGHTS = {1f, -1f, 0f, 0f, 0.5f, 2f};
    /** A 3 x 2 x 2 "feature map": channel-major. */
    static final float[] FEATURES = {1, 2, 3, 4, 0, 1, -1, 2, 0.5f, -0.5f, 1, 0};

    static CamNet handNet(NDManager manager, int height, int width) {
        CamNet net = CamNet.builder().setBackbone(new StageCopies()).setNumClasses(2).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, height, width));
        NamedParameters.of(net).get("classifier.weight").getArray().set(WEIGHTS);
        return net;
    }

    @Test
    void onlyTheClassifierWeightIsAParameterNoBias() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(Set.of("classifier.weight"), NamedParameters.of(handNet(manager, 2, 2)).keySet());
        }
    }

    @Test
    void logitsAreTheClassifierAppliedToAveragedFeatures() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CamNet net = handNet(manager, 2, 2);
            NDArray input = manager.create(FEATURES, new Shape(1, 3, 2, 2));

            float[] logits = net.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();

            float[] mean = {2.5f, 0.5f, 0.25f};
            float[] expected = {mean[0] - mean[1], 0.5f * mean[1] + 2f * mean[2]};
            assertArrayEquals(expected, logits, 1e-6f);
        }
    }

    @Test
    void camsAreReluOfTheClassifierAtEveryPixel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CamNet net = handNet(manager, 2, 2);
            NDArray input = manager.create(FEATURES, new Shape(1, 3, 2, 2));

            float[] cams = net.cams(new ParameterStore(manager, false), input).toFloatArray();

            float[] expected = new float[8];
            for (int pixel = 0; pixel < 4; pixel++) {
                float r = FEATURES[pixel];
                float g = FEATURES[4 + pixel];
                float b = FEATURES[8 + pixel];
                expected[pixel] = Math.max(0f, r - g);
                expected[4 + pixel] = Math.max(0f, 0.5f * g + 2f * b);
            }
            assertArrayEquals(expected, cams, 1e-6f);
        }
    }

    @Test
    void dropoutActsOnlyInTrainingAndFollowsItsSeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CamNet net = handNet(manager, 2, 2);
            NDArray input = manager.create(FEATURES, new Shape(1, 3, 2, 2)).tile(new long[] {8, 1, 1, 1});
            ParameterStore store = new ParameterStore(manager, false);

            float[] inference = net.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
            StochasticBlocks.reseedAll(net, 42L);
            float[] first = net.forward(store, new NDList(input), true).singletonOrThrow().toFloatArray();
            StochasticBlocks.reseedAll(net, 42L);
            float[] again = net.forward(store, new NDList(input), true).singletonOrThrow().toFloatArray();

            assertArrayEquals(first, again);
            assertFalse(Arrays.equals(inference, first));
        }
    }

    @Test
    void builderNamesWhatIsMissing() {
        IllegalStateException noBackbone = assertThrows(IllegalStateException.class,
                () -> CamNet.builder().setNumClasses(3).build());
        IllegalStateException noClasses = assertThrows(IllegalStateException.class,
                () -> CamNet.builder().setBackbone(new StageCopies()).build());
        assertEquals(true, noBackbone.getMessage().contains("setBackbone"));
        assertEquals(true, noClasses.getMessage().contains("setNumClasses"));
    }
}
