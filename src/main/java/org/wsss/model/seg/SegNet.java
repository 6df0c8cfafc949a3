package org.wsss.model.seg;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.wsss.model.backbone.FeatureStage;
import org.wsss.model.backbone.ResNetBackbone;

/**
 * The stage-3 segmentation network, DeepLab v2 in shape: the dilated backbone at output stride 8, an
 * {@link AsppHead} on its stage-5 features, and the class scores upsampled bilinearly to the input's size. Input
 * {@code (N, 3, H, W)} of any size; output logits {@code (N, classes, H, W)}.
 *
 * <p>Children: {@code backbone} (parameters {@code backbone.<torchvision name>}, so stage-1 or ImageNet weights copy
 * in by name) and {@code aspp}.
 */
public final class SegNet extends AbstractBlock {
    /** Name of the backbone child: backbone parameters are named {@code backbone.*}. */
    public static final String BACKBONE = "backbone";
    /** Name of the head child. */
    public static final String HEAD = "aspp";

    private static final byte VERSION = 1;
    private static final int HEIGHT_AXIS = 2;
    private static final int WIDTH_AXIS = 3;

    private final ResNetBackbone backbone;
    private final AsppHead head;

    public SegNet(ResNetBackbone backbone, int numClasses) {
        super(VERSION);
        this.backbone = addChildBlock(BACKBONE, backbone);
        this.head = addChildBlock(HEAD, new AsppHead(numClasses));
    }

    public ResNetBackbone backbone() {
        return backbone;
    }

    public AsppHead head() {
        return head;
    }

    /** Whether a parameter (by its NamedParameters name) is the backbone's rather than the new head's. */
    public static boolean isBackboneParameter(String parameterName) {
        return parameterName.startsWith(BACKBONE + ".");
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        Shape input = inputs.head().getShape();
        NDArray features = FeatureStage.STAGE5.select(backbone.forward(parameterStore, inputs, training, params));
        NDArray coarse = head.forward(parameterStore, new NDList(features), training, params).singletonOrThrow();
        return new NDList(upsample(coarse, input.get(HEIGHT_AXIS), input.get(WIDTH_AXIS)));
    }

    /** Bilinear resizing of {@code (N, C, h, w)} scores to {@code (N, C, height, width)}, differentiable. */
    static NDArray upsample(NDArray scores, long height, long width) {
        return scores.getNDArrayInternal()
                .interpolation(new long[] {height, width}, Image.Interpolation.BILINEAR.ordinal(), false);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, FeatureStage.STAGE5.select(backbone.getOutputShapes(inputShapes)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), head.numClasses(), input.get(HEIGHT_AXIS), input.get(WIDTH_AXIS))};
    }
}
