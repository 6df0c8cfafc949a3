package org.wsss.model.cam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wsss.algo.augment.FloatImage;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.FeatureStage;
import org.wsss.model.backbone.ResNetBackbone;

/**
 * Multi-scale CAMs on a thread that never ran inference before (as a Spark task thread) record no autograd graph:
 * libtorch's grad mode is per thread and on by default there.
 */
class MultiScaleCamGradModeTest {

    /** What the backbone saw during the CAM forward. */
    private record Observed(boolean gradModeBefore, boolean gradModeInForward, boolean featuresRequireGrad,
                            boolean gradModeAfter) {}

    @Test
    void aCamForwardOnAFreshThreadKeepsNoGraphAndRestoresTheThreadsMode() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ProbedBackbone backbone = new ProbedBackbone(ResNetBackbone.builder().setKind(BackboneKind.SMALL).build());
            CamNet net = CamNet.builder().setBackbone(backbone).setNumClasses(2).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            MultiScaleCam cams = new MultiScaleCam(net, manager, new MultiScaleCamSettings(List.of(1.0, 0.5), true));

            AtomicReference<Observed> observed = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread task = new Thread(() -> {
                try {
                    boolean before = JniUtils.isGradMode();
                    cams.compute(image(40, 48), new int[] {0, 1});
                    observed.set(new Observed(before, backbone.gradMode, backbone.requiresGrad,
                            JniUtils.isGradMode()));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "fresh-task-thread");
            task.start();
            task.join();
            if (failure.get() != null) throw new AssertionError(failure.get());

            Observed seen = observed.get();
            assertTrue(seen.gradModeBefore(), "precondition: a new thread starts with grad mode on");
            assertFalse(seen.gradModeInForward(), "the CAM forward ran with grad mode on");
            assertFalse(seen.featuresRequireGrad(), "the CAM forward's features carry an autograd graph");
            assertTrue(seen.gradModeAfter(), "the thread's grad mode was not restored");
        }
    }

    private static FloatImage image(int height, int width) {
        SplittableRandom random = new SplittableRandom(5L);
        FloatImage image = FloatImage.zeros(3, height, width);
        for (int i = 0; i < image.values().length; i++) image.values()[i] = (float) random.nextDouble(-1, 1);
        return image;
    }

    /** The real backbone, noting the thread's grad mode and whether its stage-5 output requires a gradient. */
    private static final class ProbedBackbone extends AbstractBlock {
        private final ResNetBackbone inner;
        private volatile boolean gradMode;
        private volatile boolean requiresGrad;

        ProbedBackbone(ResNetBackbone inner) {
            this.inner = addChildBlock("inner", inner);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList stages = inner.forward(parameterStore, inputs, training, params);
            gradMode = JniUtils.isGradMode();
            requiresGrad = JniUtils.requiresGrad((PtNDArray) FeatureStage.STAGE5.select(stages));
            return stages;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            inner.initialize(manager, dataType, inputShapes);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(inputShapes);
        }
    }
}
