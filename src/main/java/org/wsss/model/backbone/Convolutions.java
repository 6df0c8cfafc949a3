package org.wsss.model.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** Square 2-D convolutions without bias, padded so that stride 1 keeps the spatial size ("same" padding). */
final class Convolutions {

    private Convolutions() {}

    static Conv2d noBias(int outChannels, int kernel, int stride, int dilation) {
        int padding = dilation * (kernel - 1) / 2;
        return Conv2d.builder()
                .setFilters(outChannels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .optBias(false)
                .build();
    }
}
