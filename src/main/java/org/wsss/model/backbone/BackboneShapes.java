package org.wsss.model.backbone;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes a backbone's forward pass goes through on one image, from its configuration alone (no network is
 * built): the stem's resolution and every residual unit's channels and resolutions. The cost and memory estimates
 * ({@link ForwardCost}, {@link ForwardMemory}, the training-memory estimate) each fold over these.
 *
 * @param stemHeight height after the stem convolution (stride 2)
 * @param stemWidth width after the stem convolution
 * @param units every residual unit in forward order
 */
public record BackboneShapes(int stemHeight, int stemWidth, List<Unit> units) {

    /**
     * One residual unit.
     *
     * @param layer the stage it belongs to
     * @param inChannels channels entering it
     * @param width channels of its inner convolutions
     * @param outChannels channels leaving it
     * @param inHeight height entering it (the 3x3 convolution carries any stride)
     * @param inWidth width entering it
     * @param outHeight height leaving it
     * @param outWidth width leaving it
     * @param projected whether its shortcut is a 1x1 convolution (stride or channel change)
     */
    public record Unit(ResNetLayer layer, int inChannels, int width, int outChannels, int inHeight, int inWidth,
                       int outHeight, int outWidth, boolean projected) {
        public long inPixels() {
            return (long) inHeight * inWidth;
        }

        public long outPixels() {
            return (long) outHeight * outWidth;
        }
    }

    /** The shapes of the backbone as the project builds it: output stride 8, layer3 and layer4 dilated. */
    public static BackboneShapes of(BackboneKind kind, int height, int width) {
        return of(kind, height, width, BackboneKind.OUTPUT_STRIDE);
    }

    /**
     * The shapes at output stride 8, or 32 (the classification ResNet, whose stages after the first each halve the
     * resolution; used to check counts against published ImageNet figures).
     */
    public static BackboneShapes of(BackboneKind kind, int height, int width, int outputStride) {
        if (outputStride != 8 && outputStride != 32) {
            throw new IllegalArgumentException("output stride must be 8 or 32, got " + outputStride);
        }
        int stemHeight = halved(height);
        int stemWidth = halved(width);
        int h = halved(stemHeight); // 3x3 max-pool, stride 2
        int w = halved(stemWidth);
        int channels = kind.stemChannels();
        List<Unit> units = new ArrayList<>();
        for (ResNetLayer layer : ResNetLayer.values()) {
            int stride = outputStride == 32 && layer.ordinal() > 0 ? 2 : layer.stride();
            int out = kind.outputChannels(layer);
            for (int index = 0; index < kind.unitCount(layer); index++) {
                int unitStride = index == 0 ? stride : 1;
                int outH = unitStride == 2 ? halved(h) : h;
                int outW = unitStride == 2 ? halved(w) : w;
                units.add(new Unit(layer, channels, kind.width(layer), out, h, w, outH, outW,
                        unitStride != 1 || channels != out));
                channels = out;
                h = outH;
                w = outW;
            }
        }
        return new BackboneShapes(stemHeight, stemWidth, List.copyOf(units));
    }

    /** Pixels after the stem convolution. */
    public long stemPixels() {
        return (long) stemHeight * stemWidth;
    }

    /** A side after a stride-2 convolution or pooling padded as ResNet pads them: rounded up. */
    static int halved(int side) {
        return (side + 1) / 2;
    }
}
