package org.wsss.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A ResNet trunk with output stride 8 that returns the features of stages 3, 4 and 5 (see {@link FeatureStage}).
 *
 * <p>Children and parameters are named like torchvision's ResNet ({@code conv1}, {@code bn1}, {@code layer1.0.conv1},
 * {@code layer1.0.downsample.0}, ...), so {@link org.wsss.model.nn.NamedParameters} gives torchvision's state-dict
 * keys. Input: {@code (N, 3, H, W)}; each output {@code (N, C_stage, ceil(H/8), ceil(W/8))}.
 */
public final class ResNetBackbone extends AbstractBlock {

    /** Colour channels of the input image. */
    public static final int INPUT_CHANNELS = 3;

    private static final byte VERSION = 1;
    private static final int STEM_KERNEL = 7;
    private static final int STEM_STRIDE = 2;
    private static final int POOL_KERNEL = 3;
    private static final int POOL_STRIDE = 2;
    private static final int POOL_PADDING = 1;
    private static final int HEIGHT_AXIS = 2;
    private static final int WIDTH_AXIS = 3;

    private final BackboneKind kind;
    private final Conv2d stemConv;
    private final FreezableBatchNorm stemNorm;
    private final Map<ResNetLayer, ResNetStage> stages = new EnumMap<>(ResNetLayer.class);

    private ResNetBackbone(Builder builder) {
        super(VERSION);
        kind = builder.kind;
        stemConv = addChildBlock("conv1", Convolutions.noBias(kind.stemChannels(), STEM_KERNEL, STEM_STRIDE, 1));
        stemNorm = addChildBlock("bn1", new FreezableBatchNorm(builder.frozenBatchNorm));
        int channels = kind.stemChannels();
        for (ResNetLayer layer : ResNetLayer.values()) {
            stages.put(layer, addChildBlock(
                    layer.torchName(), new ResNetStage(kind, layer, channels, builder.frozenBatchNorm)));
            channels = kind.outputChannels(layer);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The architecture this backbone was built with. */
    public BackboneKind kind() {
        return kind;
    }

    /** Freezes (or unfreezes) every batch norm; see {@link FreezableBatchNorm#setFrozen(boolean)}. */
    public void setBatchNormFrozen(boolean frozen) {
        for (FreezableBatchNorm norm : descendants(this, FreezableBatchNorm.class)) {
            norm.setFrozen(frozen);
        }
    }

    /** Freezes (or unfreezes) every parameter of the stem and of the first residual stage. */
    public void setStemAndFirstStageFrozen(boolean frozen) {
        List<Block> early = List.of(stemConv, stemNorm, stages.get(ResNetLayer.LAYER1));
        for (Block block : early) {
            for (FreezableBatchNorm norm : descendants(block, FreezableBatchNorm.class)) {
                norm.setFrozen(frozen);
            }
            for (Parameter parameter : block.getParameters().values()) {
                if (parameter.getType() == Parameter.Type.WEIGHT || parameter.getType() == Parameter.Type.BIAS) {
                    parameter.freeze(frozen);
                }
            }
        }
    }

    /**
     * The fine-tuning regime for ImageNet weights (ALGORITHM.md section 1): all batch norms frozen, stem and first
     * stage frozen. Call before creating a trainer.
     */
    public void freezeForFineTuning() {
        setBatchNormFrozen(true);
        setStemAndFirstStageFrozen(true);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        // Intermediates are closed once consumed (see ResidualUnit); the three returned features stay open.
        NDList convolved = stemConv.forward(parameterStore, inputs, training, params);
        NDList normalised = stemNorm.forward(parameterStore, convolved, training, params);
        convolved.close();
        NDArray activated = Activation.relu(normalised.singletonOrThrow());
        normalised.close();
        NDArray pooled = Pool.maxPool2d(
                activated,
                new Shape(POOL_KERNEL, POOL_KERNEL),
                new Shape(POOL_STRIDE, POOL_STRIDE),
                new Shape(POOL_PADDING, POOL_PADDING),
                false);
        activated.close();
        NDList x = stages.get(ResNetLayer.LAYER1).forward(parameterStore, new NDList(pooled), training, params);
        pooled.close();
        NDList outputs = new NDList(FeatureStage.values().length);
        for (FeatureStage stage : FeatureStage.values()) {
            NDList previous = x;
            x = stages.get(stage.layer()).forward(parameterStore, previous, training, params);
            if (stage.ordinal() == 0) {
                previous.close();
            }
            outputs.add(x.singletonOrThrow());
        }
        return outputs;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes);
        stemConv.initialize(manager, dataType, inputShapes);
        Shape[] shapes = stemConv.getOutputShapes(inputShapes);
        stemNorm.initialize(manager, dataType, shapes);
        shapes = pooledShape(shapes);
        for (ResNetLayer layer : ResNetLayer.values()) {
            ResNetStage stage = stages.get(layer);
            stage.initialize(manager, dataType, shapes);
            shapes = stage.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInput(inputShapes);
        Shape[] shapes = pooledShape(stemConv.getOutputShapes(inputShapes));
        shapes = stages.get(ResNetLayer.LAYER1).getOutputShapes(shapes);
        Shape[] outputs = new Shape[FeatureStage.values().length];
        for (FeatureStage stage : FeatureStage.values()) {
            shapes = stages.get(stage.layer()).getOutputShapes(shapes);
            outputs[stage.ordinal()] = shapes[0];
        }
        return outputs;
    }

    private static void checkInput(Shape[] inputShapes) {
        if (inputShapes.length != 1 || inputShapes[0].dimension() != 4 || inputShapes[0].get(1) != INPUT_CHANNELS) {
            throw new IllegalArgumentException("expected one (N, 3, H, W) input, got " + List.of(inputShapes));
        }
    }

    private static Shape[] pooledShape(Shape[] stemShapes) {
        Shape shape = stemShapes[0];
        return new Shape[] {
            new Shape(shape.get(0), shape.get(1), pooledSize(shape.get(HEIGHT_AXIS)), pooledSize(shape.get(WIDTH_AXIS)))
        };
    }

    private static long pooledSize(long size) {
        return (size + 2L * POOL_PADDING - POOL_KERNEL) / POOL_STRIDE + 1;
    }

    static <T extends Block> List<T> descendants(Block root, Class<T> type) {
        List<T> found = new ArrayList<>();
        if (type.isInstance(root)) {
            found.add(type.cast(root));
        }
        for (Block child : root.getChildren().values()) {
            found.addAll(descendants(child, type));
        }
        return found;
    }

    /** Builds a {@link ResNetBackbone}: {@code setKind} is required. */
    public static final class Builder {

        private BackboneKind kind;
        private boolean frozenBatchNorm;

        private Builder() {}

        /** Required: which architecture to build. */
        public Builder setKind(BackboneKind kind) {
            this.kind = kind;
            return this;
        }

        /** Optional (default false): start with every batch norm frozen. */
        public Builder optFrozenBatchNorm(boolean frozenBatchNorm) {
            this.frozenBatchNorm = frozenBatchNorm;
            return this;
        }

        public ResNetBackbone build() {
            if (kind == null) {
                throw new IllegalStateException("ResNetBackbone is missing its kind: call setKind(BackboneKind)");
            }
            return new ResNetBackbone(this);
        }
    }
}
