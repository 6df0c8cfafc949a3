package org.wsss.model.backbone;

/**
 * Native memory an inference forward of a backbone needs, estimated from the shapes alone.
 *
 * <p>With grad mode off ({@link org.wsss.model.nn.InferenceMode}) and each intermediate closed once consumed, the
 * arrays alive at once are the input image, the stage-3 and stage-4 features being returned, and, inside the unit
 * running, its input, the residual branch's current and next array, the shortcut, the sum and the output. The
 * estimate takes every unit at {@code C_in + 4 C_out} channels (one more {@code C_out} for the copies oneDNN makes
 * around a convolution) and the stem at three arrays of its width, and then the largest phase.
 */
public final class ForwardMemory {
    private static final long FLOAT_BYTES = Float.BYTES;
    private static final int STEM_ARRAYS = 3;
    private static final int UNIT_OUTPUT_ARRAYS = 4;

    private ForwardMemory() {}

    /** Estimated peak bytes of a forward of {@code batch} images of {@code height x width} through {@code kind}. */
    public static long bytes(BackboneKind kind, int batch, int height, int width) {
        long input = (long) ResNetBackbone.INPUT_CHANNELS * height * width;
        long stemPixels = (long) half(height) * half(width);
        long quarterPixels = (long) half(half(height)) * half(half(width));
        long featurePixels = (long) half(half(half(height))) * half(half(half(width)));
        long peak = STEM_ARRAYS * kind.stemChannels() * stemPixels;
        long retained = 0;
        int channels = kind.stemChannels();
        for (ResNetLayer layer : ResNetLayer.values()) {
            long pixels = layer == ResNetLayer.LAYER1 ? quarterPixels : featurePixels;
            int out = kind.outputChannels(layer);
            for (int unit = 0; unit < kind.unitCount(layer); unit++) {
                long inPixels = unit == 0 && layer.stride() > 1 ? quarterPixels : pixels;
                peak = Math.max(peak, retained + channels * inPixels + (long) UNIT_OUTPUT_ARRAYS * out * pixels);
                channels = out;
            }
            if (layer != ResNetLayer.LAYER1 && layer != ResNetLayer.LAYER4) {
                retained += out * featurePixels;
            }
        }
        return FLOAT_BYTES * batch * (input + peak);
    }

    /** Output size of a centred stride-2 window: {@code ceil(size / 2)}. */
    private static int half(int size) {
        return (size + 1) / 2;
    }
}
