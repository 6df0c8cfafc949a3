package org.wsss.model.backbone;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The projection shortcut of a residual unit: 1x1 convolution (with the unit's stride) then batch norm. Children
 * are named {@code 0} and {@code 1}, as in torchvision's {@code downsample} Sequential.
 */
final class Downsample extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Conv2d conv;
    private final FreezableBatchNorm norm;

    Downsample(int outChannels, int stride, boolean frozenBatchNorm) {
        super(VERSION);
        conv = addChildBlock("0", Convolutions.noBias(outChannels, 1, stride, 1));
        norm = addChildBlock("1", new FreezableBatchNorm(frozenBatchNorm));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList projected = conv.forward(parameterStore, inputs, training, params);
        NDList normalised = norm.forward(parameterStore, projected, training, params);
        projected.close();
        return normalised;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }
}
