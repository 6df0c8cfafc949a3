package org.wsss.model.cam;

import java.util.List;

/**
 * Passes of multi-scale CAM inference.
 *
 * @param scales image scale factors; each gives one pass (two with {@code flip})
 * @param flip whether each scale is also run on the mirrored image
 */
public record MultiScaleCamSettings(List<Double> scales, boolean flip)
        implements java.io.Serializable {

    public MultiScaleCamSettings {
        scales = List.copyOf(scales);
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("at least one scale is required");
        }
        for (double scale : scales) {
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("scales must be positive and finite, got " + scale);
            }
        }
    }

    /** PSA's passes: scales 1.0, 0.5, 1.5, 2.0, each with its mirror image (8 passes). */
    public static MultiScaleCamSettings psa() {
        return new MultiScaleCamSettings(List.of(1.0, 0.5, 1.5, 2.0), true);
    }

    /** Number of forward passes per image. */
    public int passCount() {
        return scales.size() * (flip ? 2 : 1);
    }
}
