package org.wsss.model.backbone;

import java.util.List;

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
        BackboneShapes shapes = BackboneShapes.of(kind, height, width);
        long input = (long) ResNetBackbone.INPUT_CHANNELS * height * width;
        long peak = STEM_ARRAYS * kind.stemChannels() * shapes.stemPixels();
        long retained = 0;
        List<BackboneShapes.Unit> units = shapes.units();
        for (int i = 0; i < units.size(); i++) {
            BackboneShapes.Unit unit = units.get(i);
            peak = Math.max(peak, retained + unit.inChannels() * unit.inPixels()
                    + (long) UNIT_OUTPUT_ARRAYS * unit.outChannels() * unit.outPixels());
            boolean lastOfLayer = i + 1 == units.size() || units.get(i + 1).layer() != unit.layer();
            if (lastOfLayer && (unit.layer() == ResNetLayer.LAYER2 || unit.layer() == ResNetLayer.LAYER3)) {
                retained += unit.outChannels() * unit.outPixels(); // returned as features, kept to the end
            }
        }
        return FLOAT_BYTES * batch * (input + peak);
    }
}
