package org.wsss.model.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.wsss.model.backbone.FeatureStage;
import org.wsss.model.nn.ChannelDropout;

/**
 * The stage-1 classification network: backbone, channel dropout, global average pooling, 1x1 convolution to the
 * classes without bias. Its forward pass returns the logits {@code (N, classes)}; {@link #camsFromFeatures} turns
 * stage-5 features into class activation maps with the same classifier weights.
 *
 * <p>Dropout is applied after pooling: channel dropout multiplies a whole feature map by one value, so it commutes
 * with spatial averaging, and masking {@code (N, C)} values is cheaper than masking {@code (N, C, H, W)}.
 *
 * <p>Children: {@code backbone}, {@code dropout}, {@code classifier}; parameters of the backbone are therefore named
 * {@code backbone.*} and the new layer's {@code classifier.weight}.
 */
public final class CamNet extends AbstractBlock {

    /** Name of the backbone child; parameters under it are "pretrained" for learning-rate groups. */
    public static final String BACKBONE = "backbone";
    /** Name of the classifier child. */
    public static final String CLASSIFIER = "classifier";

    private static final byte VERSION = 1;
    private static final float DEFAULT_DROPOUT = 0.5f;
    private static final int BATCH_AXIS = 0;
    private static final int CHANNEL_AXIS = 1;

    private final Block backbone;
    private final ChannelDropout dropout;
    private final Conv2d classifier;
    private final int numClasses;

    private CamNet(Builder builder) {
        super(VERSION);
        numClasses = builder.numClasses;
        backbone = addChildBlock(BACKBONE, builder.backbone);
        dropout = addChildBlock("dropout", new ChannelDropout(builder.dropoutRate));
        classifier = addChildBlock(CLASSIFIER, Conv2d.builder()
                .setFilters(numClasses)
                .setKernelShape(new Shape(1, 1))
                .optBias(false)
                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Block backbone() {
        return backbone;
    }

    public Conv2d classifier() {
        return classifier;
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = stage5(parameterStore, inputs, training, params);
        Shape shape = features.getShape();
        NDArray pooled = Pool.globalAvgPool2d(features)
                .reshape(shape.get(BATCH_AXIS), shape.get(CHANNEL_AXIS), 1, 1);
        NDList dropped = dropout.forward(parameterStore, new NDList(pooled), training, params);
        NDArray scores = classifier.forward(parameterStore, dropped, training, params).singletonOrThrow();
        return new NDList(scores.reshape(scores.getShape().get(BATCH_AXIS), numClasses));
    }

    /** Stage-5 features of a batch of images {@code (N, 3, H, W)}. */
    public NDArray stage5(
            ParameterStore parameterStore, NDList images, boolean training, PairList<String, Object> params) {
        NDList stages = backbone.forward(parameterStore, images, training, params);
        NDArray stage5 = FeatureStage.STAGE5.select(stages);
        // The other stages are not needed; a backbone may hand back its input as a stage, which is the caller's.
        for (NDArray other : stages) {
            if (other != stage5 && images.stream().noneMatch(input -> input == other)) {
                other.close();
            }
        }
        return stage5;
    }

    /**
     * Class activation maps {@code CAM_c = ReLU(w_c . f)} of stage-5 features {@code (N, C, h, w)}, using the
     * classifier's weights: {@code (N, classes, h, w)}.
     */
    public NDArray camsFromFeatures(ParameterStore parameterStore, NDArray features) {
        NDArray scores = classifier.forward(parameterStore, new NDList(features), false).singletonOrThrow();
        NDArray cams = Activation.relu(scores);
        scores.close();
        return cams;
    }

    /** Class activation maps of a batch of images, at feature resolution, in inference mode. */
    public NDArray cams(ParameterStore parameterStore, NDArray images) {
        NDArray features = stage5(parameterStore, new NDList(images), false, null);
        NDArray cams = camsFromFeatures(parameterStore, features);
        if (features != images) {
            features.close();
        }
        return cams;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape features = FeatureStage.STAGE5.select(backbone.getOutputShapes(inputShapes));
        Shape pooled = new Shape(features.get(BATCH_AXIS), features.get(CHANNEL_AXIS), 1, 1);
        dropout.initialize(manager, dataType, pooled);
        classifier.initialize(manager, dataType, pooled);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(BATCH_AXIS), numClasses)};
    }

    /** Builds a {@link CamNet}: {@code setBackbone} and {@code setNumClasses} are required. */
    public static final class Builder {

        private Block backbone;
        private int numClasses;
        private float dropoutRate = DEFAULT_DROPOUT;

        private Builder() {}

        /**
         * Required: the trunk; its forward pass returns the features of stages 3, 4 and 5 in {@link FeatureStage}
         * order, of which the CAM head uses stage 5.
         */
        public Builder setBackbone(Block backbone) {
            this.backbone = backbone;
            return this;
        }

        /** Required: number of classes (output channels of the classifier). */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Optional (default 0.5): probability of dropping a feature channel in training. */
        public Builder optDropoutRate(float dropoutRate) {
            this.dropoutRate = dropoutRate;
            return this;
        }

        public CamNet build() {
            if (backbone == null) {
                throw new IllegalStateException("CamNet is missing its backbone: call setBackbone(Block)");
            }
            if (numClasses <= 0) {
                throw new IllegalStateException("CamNet is missing its classes: call setNumClasses(int > 0)");
            }
            return new CamNet(this);
        }
    }
}
