package org.wsss.model.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.FeatureStage;
import org.wsss.model.backbone.ResNetBackbone;
import org.wsss.model.nn.NamedParameters;
import org.wsss.model.nn.SeededInitializer;

/**
 * AffinityNet (ALGORITHM.md section 4): a stride-8 backbone whose stage 3, 4 and 5 features are each narrowed by a
 * 1x1 convolution (64, 128, 256 channels, no bias, ELU), concatenated, and mixed by a 1x1 convolution 448 -> 448
 * (no bias, ELU). Input {@code (N, 3, H, W)}; output the features {@code (N, 448, ceil(H/8), ceil(W/8))}, from which
 * {@link PairAffinities} derives pair affinities.
 *
 * <p>Children: {@code backbone}, {@code project3}, {@code project4}, {@code project5}, {@code fuse}. Named with
 * {@link NamedParameters}, backbone parameters are {@code backbone.<torchvision name>}, so a stage-1 network's or an
 * ImageNet file's backbone parameters copy in by name through {@link #backbone()}; the new layers are
 * {@code project3.weight}, ..., {@code fuse.weight}. {@link #isBackboneParameter} splits the two learning-rate groups
 * (backbone 1x/2x, new layers 10x/20x) as the training loop expects.
 *
 * <p>Initialisation: He normal for the projections, Xavier uniform with gain 4 for the fusion
 * (see {@link AffinityInitializers}), drawn from the engine's generator unless {@link #seedNewLayers} is called; the
 * backbone keeps its own initialisers until the caller loads weights.
 */
public final class AffinityNet extends AbstractBlock {

    /** Name of the backbone child: backbone parameters are named {@code backbone.*}. */
    public static final String BACKBONE = "backbone";
    /** Name of the last 1x1 convolution. */
    public static final String FUSION = "fuse";
    /** Channels of the output features (the projections concatenated; the fusion keeps the width). */
    public static final int FEATURE_CHANNELS = FeatureProjection.totalChannels();
    /** Input pixels per feature pixel along each axis. */
    public static final int OUTPUT_STRIDE = BackboneKind.OUTPUT_STRIDE;

    private static final byte VERSION = 1;
    private static final float ELU_ALPHA = 1f;
    private static final int BATCH_AXIS = 0;
    private static final int CHANNEL_AXIS = 1;
    private static final int HEIGHT_AXIS = 2;
    private static final int WIDTH_AXIS = 3;
    private static final String PARAMETER_SEPARATOR = ".";

    private final ResNetBackbone backbone;
    private final Map<FeatureProjection, Conv2d> projections = new EnumMap<>(FeatureProjection.class);
    private final Conv2d fusion;

    private AffinityNet(ResNetBackbone backbone) {
        super(VERSION);
        this.backbone = addChildBlock(BACKBONE, backbone);
        for (FeatureProjection projection : FeatureProjection.values()) {
            projections.put(projection, addChildBlock(projection.childName(),
                    pointwise(projection.channels(), AffinityInitializers.kaimingNormal())));
        }
        fusion = addChildBlock(FUSION,
                pointwise(FEATURE_CHANNELS, AffinityInitializers.xavierUniform(AffinityInitializers.FUSION_GAIN)));
    }

    private static Conv2d pointwise(int outChannels, Initializer initializer) {
        Conv2d conv = Conv2d.builder()
                .setFilters(outChannels)
                .setKernelShape(new Shape(1, 1))
                .optBias(false)
                .build();
        conv.setInitializer(initializer, Parameter.Type.WEIGHT);
        return conv;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Replaces the new layers' initialisers, which draw from the engine's shared generator, with
     * {@link SeededInitializer}s of the same distributions (He normal, fan in, for the projections; Xavier uniform
     * with gain {@link AffinityInitializers#FUSION_GAIN} for the fusion), so that their initial weights are a pure
     * function of {@code seed}. Call before {@code initialize}.
     */
    public void seedNewLayers(long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (FeatureProjection projection : FeatureProjection.values()) {
            projections.get(projection).setInitializer(
                    SeededInitializer.kaimingNormal(SeededInitializer.FanMode.FAN_IN, seeds.nextLong()),
                    Parameter.Type.WEIGHT);
        }
        fusion.setInitializer(SeededInitializer.xavierUniform(AffinityInitializers.FUSION_GAIN, seeds.nextLong()),
                Parameter.Type.WEIGHT);
    }

    /**
     * The backbone, for loading its starting point (parameters by {@link NamedParameters} name, identical to a
     * standalone {@link ResNetBackbone}'s) and for freezing ({@link ResNetBackbone#freezeForFineTuning()}).
     */
    public ResNetBackbone backbone() {
        return backbone;
    }

    /**
     * Whether a parameter, by its {@link NamedParameters} name in this network, belongs to the backbone (learning
     * rate 1x / 2x) rather than to a new layer (10x / 20x).
     */
    public static boolean isBackboneParameter(String parameterName) {
        return parameterName.startsWith(BACKBONE + PARAMETER_SEPARATOR);
    }

    /** Names of the new layers' parameters, in registration order: the projections', then the fusion's. */
    public Set<String> newLayerParameterNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : NamedParameters.of(this).keySet()) {
            if (!isBackboneParameter(name)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList stages = backbone.forward(parameterStore, inputs, training, params);
        NDList projected = new NDList(projections.size());
        for (Map.Entry<FeatureProjection, Conv2d> entry : projections.entrySet()) {
            NDArray stage = entry.getKey().stage().select(stages);
            NDArray narrowed = entry.getValue().forward(parameterStore, new NDList(stage), training, params)
                    .singletonOrThrow();
            projected.add(Activation.elu(narrowed, ELU_ALPHA));
            narrowed.close();
        }
        // Intermediates are closed once consumed, so an inference forward does not hold them all (see ResidualUnit).
        stages.close();
        NDArray concatenated = NDArrays.concat(projected, CHANNEL_AXIS);
        projected.close();
        NDArray fused = fusion.forward(parameterStore, new NDList(concatenated), training, params).singletonOrThrow();
        concatenated.close();
        NDArray features = Activation.elu(fused, ELU_ALPHA);
        fused.close();
        return new NDList(features);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] stageShapes = backbone.getOutputShapes(inputShapes);
        requireCommonGrid(stageShapes);
        for (Map.Entry<FeatureProjection, Conv2d> entry : projections.entrySet()) {
            entry.getValue().initialize(manager, dataType, stageShape(stageShapes, entry.getKey().stage()));
        }
        fusion.initialize(manager, dataType, featureShape(stageShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] stageShapes = backbone.getOutputShapes(inputShapes);
        requireCommonGrid(stageShapes);
        return new Shape[] {featureShape(stageShapes)};
    }

    /** The concatenated (and fused) features' shape: the stages' batch and grid, {@link #FEATURE_CHANNELS} deep. */
    private static Shape featureShape(Shape[] stageShapes) {
        Shape grid = stageShape(stageShapes, FeatureStage.STAGE5);
        return new Shape(grid.get(BATCH_AXIS), FEATURE_CHANNELS, grid.get(HEIGHT_AXIS), grid.get(WIDTH_AXIS));
    }

    /**
     * Concatenation needs every stage on one grid. The backbone's output stride of 8 guarantees it; a backbone
     * that down-sampled its later stages would need them resized first, so fail loudly instead.
     */
    private static void requireCommonGrid(Shape[] stageShapes) {
        Shape reference = stageShape(stageShapes, FeatureStage.STAGE5);
        for (FeatureStage stage : FeatureStage.values()) {
            Shape shape = stageShape(stageShapes, stage);
            if (shape.get(BATCH_AXIS) != reference.get(BATCH_AXIS)
                    || shape.get(HEIGHT_AXIS) != reference.get(HEIGHT_AXIS)
                    || shape.get(WIDTH_AXIS) != reference.get(WIDTH_AXIS)) {
                throw new IllegalStateException("backbone stages are on different grids: " + Arrays.toString(stageShapes)
                        + "; AffinityNet concatenates them and needs one grid");
            }
        }
    }

    private static Shape stageShape(Shape[] stageShapes, FeatureStage stage) {
        if (stageShapes.length != FeatureStage.values().length) {
            throw new IllegalStateException("a backbone declares " + FeatureStage.values().length
                    + " outputs, got " + stageShapes.length);
        }
        return stageShapes[stage.ordinal()];
    }

    /**
     * Builds an {@link AffinityNet}: exactly one of {@code setBackbone} (a backbone built by the caller) and
     * {@code setKind} (a fresh backbone of that kind) is required.
     */
    public static final class Builder {

        private ResNetBackbone backbone;
        private BackboneKind kind;

        private Builder() {}

        /** The trunk to use, e.g. one built with frozen batch norm for fine-tuning from ImageNet weights. */
        public Builder setBackbone(ResNetBackbone backbone) {
            this.backbone = backbone;
            return this;
        }

        /** Build a fresh backbone of this kind (trainable batch norm, default initialisers). */
        public Builder setKind(BackboneKind kind) {
            this.kind = kind;
            return this;
        }

        public AffinityNet build() {
            if (backbone == null && kind == null) {
                throw new IllegalStateException(
                        "AffinityNet is missing its backbone: call setBackbone(ResNetBackbone) or setKind(BackboneKind)");
            }
            if (backbone != null && kind != null) {
                throw new IllegalStateException(
                        "AffinityNet was given both a backbone and a kind: call only one of setBackbone and setKind");
            }
            return new AffinityNet(backbone != null ? backbone : ResNetBackbone.builder().setKind(kind).build());
        }
    }
}
