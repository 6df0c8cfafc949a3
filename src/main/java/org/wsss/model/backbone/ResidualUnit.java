package org.wsss.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One residual unit: a chain of (convolution, batch norm) pairs with ReLU between them, added to a shortcut, then
 * ReLU. A basic unit has two 3x3 pairs; a bottleneck unit 1x1, 3x3, 1x1 with the stride on the 3x3 (torchvision's
 * "ResNet v1.5"). Children are named {@code conv1, bn1, conv2, bn2, [conv3, bn3], [downsample]} like torchvision's.
 */
final class ResidualUnit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Conv2d> convolutions = new ArrayList<>();
    private final List<FreezableBatchNorm> norms = new ArrayList<>();
    private final Downsample shortcut;

    /**
     * @param type basic or bottleneck
     * @param inChannels channels entering the unit
     * @param width channels of the inner convolutions
     * @param stride stride of the 3x3 convolution (and of the shortcut)
     * @param dilation dilation of the 3x3 convolution(s)
     * @param frozenBatchNorm whether its batch norms start frozen
     */
    ResidualUnit(UnitType type, int inChannels, int width, int stride, int dilation, boolean frozenBatchNorm) {
        super(VERSION);
        int outChannels = width * type.expansion();
        if (type == UnitType.BASIC) {
            addPair(Convolutions.noBias(width, 3, stride, dilation), frozenBatchNorm);
            addPair(Convolutions.noBias(width, 3, 1, dilation), frozenBatchNorm);
        } else {
            addPair(Convolutions.noBias(width, 1, 1, 1), frozenBatchNorm);
            addPair(Convolutions.noBias(width, 3, stride, dilation), frozenBatchNorm);
            addPair(Convolutions.noBias(outChannels, 1, 1, 1), frozenBatchNorm);
        }
        boolean projectShortcut = stride != 1 || inChannels != outChannels;
        shortcut = projectShortcut
                ? addChildBlock("downsample", new Downsample(outChannels, stride, frozenBatchNorm))
                : null;
    }

    private void addPair(Conv2d conv, boolean frozenBatchNorm) {
        int number = convolutions.size() + 1;
        convolutions.add(addChildBlock("conv" + number, conv));
        norms.add(addChildBlock("bn" + number, new FreezableBatchNorm(frozenBatchNorm)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        // Each intermediate is closed once consumed: in inference nothing else holds it, so a forward keeps a few
        // activations alive instead of all of them; in training the autograd graph keeps what backward needs.
        NDArray input = inputs.singletonOrThrow();
        NDArray residual = input;
        int last = convolutions.size() - 1;
        for (int i = 0; i <= last; i++) {
            NDArray convolved = convolutions.get(i).forward(parameterStore, new NDList(residual), training, params)
                    .singletonOrThrow();
            if (residual != input) {
                residual.close();
            }
            residual = norms.get(i).forward(parameterStore, new NDList(convolved), training, params)
                    .singletonOrThrow();
            convolved.close();
            if (i < last) {
                NDArray activated = Activation.relu(residual);
                residual.close();
                residual = activated;
            }
        }
        NDArray identity = shortcut == null
                ? input
                : shortcut.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray sum = residual.add(identity);
        residual.close();
        if (identity != input) {
            identity.close();
        }
        NDArray output = Activation.relu(sum);
        sum.close();
        return new NDList(output);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (int i = 0; i < convolutions.size(); i++) {
            convolutions.get(i).initialize(manager, dataType, shapes);
            shapes = convolutions.get(i).getOutputShapes(shapes);
            norms.get(i).initialize(manager, dataType, shapes);
        }
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Conv2d conv : convolutions) {
            shapes = conv.getOutputShapes(shapes);
        }
        return shapes;
    }
}
