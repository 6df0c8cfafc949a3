package org.wsss.model.backbone;

/**
 * Multiply-accumulates of one forward pass, counted from the shapes: every convolution costs
 * {@code out channels x in channels x kernel area x output pixels}. Batch norm, ReLU and pooling are left out (under
 * 1 % of a ResNet's work); a FLOP count is twice the MAC count.
 *
 * <p>Used to size runs on paper: how a pass grows with the image, and what the whole dataset costs on a GPU of a
 * given speed (docs/DEPLOY.md).
 */
public final class ForwardCost {
    private static final int STEM_KERNEL_AREA = 7 * 7;
    private static final int RGB = 3;

    private ForwardCost() {}

    /** MACs of the backbone as the project builds it (output stride 8) on an image of {@code height x width}. */
    public static long backboneMacs(BackboneKind kind, int height, int width) {
        return backboneMacs(kind, height, width, BackboneKind.OUTPUT_STRIDE);
    }

    /**
     * MACs of the backbone at output stride 8 (layer3 and layer4 dilated) or 32 (the classification ResNet, whose
     * ImageNet figure, 4.1 GMACs for ResNet-50 at 224 x 224, checks the count).
     */
    public static long backboneMacs(BackboneKind kind, int height, int width, int outputStride) {
        if (outputStride != 8 && outputStride != 32) {
            throw new IllegalArgumentException("output stride must be 8 or 32, got " + outputStride);
        }
        int h = halved(height);
        int w = halved(width);
        long macs = (long) kind.stemChannels() * RGB * STEM_KERNEL_AREA * h * w;
        h = halved(h); // 3x3 max-pool, stride 2
        w = halved(w);
        int channels = kind.stemChannels();
        for (ResNetLayer layer : ResNetLayer.values()) {
            int stride = outputStride == 32 && layer.ordinal() > 0 ? 2 : layer.stride();
            for (int unit = 0; unit < kind.unitCount(layer); unit++) {
                int unitStride = unit == 0 ? stride : 1;
                int outH = unitStride == 2 ? halved(h) : h;
                int outW = unitStride == 2 ? halved(w) : w;
                macs += unitMacs(kind.unitType(), channels, kind.width(layer), unitStride, h, w, outH, outW);
                channels = kind.outputChannels(layer);
                h = outH;
                w = outW;
            }
        }
        return macs;
    }

    /** MACs of a 1x1 convolution from {@code in} to {@code out} channels on the stride-8 feature map. */
    public static long pointwiseMacs(int in, int out, int height, int width) {
        return (long) in * out * featureSide(height) * featureSide(width);
    }

    /** Side of the stride-8 feature map of an image side: three halvings, each rounding up. */
    public static int featureSide(int side) {
        return halved(halved(halved(side)));
    }

    private static long unitMacs(UnitType type, int in, int width, int stride, int inH, int inW, int outH, int outW) {
        long outPixels = (long) outH * outW;
        int out = width * type.expansion();
        long macs;
        if (type == UnitType.BASIC) {
            macs = (long) in * width * 9 * outPixels + (long) width * width * 9 * outPixels;
        } else {
            macs = (long) in * width * inH * inW          // 1x1 in the input's resolution
                    + (long) width * width * 9 * outPixels // 3x3 carries the stride
                    + (long) width * out * outPixels;      // 1x1 expansion
        }
        if (stride != 1 || in != out) macs += (long) in * out * outPixels; // projection shortcut
        return macs;
    }

    /** A side after a stride-2 convolution or pooling padded as ResNet pads them: rounded up. */
    private static int halved(int side) {
        return (side + 1) / 2;
    }
}
