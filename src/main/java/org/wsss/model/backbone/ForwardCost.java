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
        BackboneShapes shapes = BackboneShapes.of(kind, height, width, outputStride);
        long macs = (long) kind.stemChannels() * RGB * STEM_KERNEL_AREA * shapes.stemPixels();
        for (BackboneShapes.Unit unit : shapes.units()) {
            macs += unitMacs(kind.unitType(), unit);
        }
        return macs;
    }

    /** MACs of a 1x1 convolution from {@code in} to {@code out} channels on the stride-8 feature map. */
    public static long pointwiseMacs(int in, int out, int height, int width) {
        return (long) in * out * featureSide(height) * featureSide(width);
    }

    /** Side of the stride-8 feature map of an image side: three halvings, each rounding up. */
    public static int featureSide(int side) {
        return BackboneShapes.halved(BackboneShapes.halved(BackboneShapes.halved(side)));
    }

    private static long unitMacs(UnitType type, BackboneShapes.Unit unit) {
        long in = unit.inChannels();
        long width = unit.width();
        long macs = type == UnitType.BASIC
                ? (in * width * 9 + width * width * 9) * unit.outPixels()
                : in * width * unit.inPixels()                                        // 1x1 at the input's resolution
                        + (width * width * 9 + width * unit.outChannels()) * unit.outPixels(); // 3x3 (strided), 1x1
        if (unit.projected()) macs += in * unit.outChannels() * unit.outPixels(); // projection shortcut
        return macs;
    }
}
