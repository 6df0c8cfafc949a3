package org.wsss.model.backbone;

/**
 * How far a stride-8 feature reaches into the image: feature cell {@code i} of a backbone depends exactly on the input
 * pixels {@code [8i - r, 8i + r]} along each axis, {@code r} being the radius below. Every convolution and the max
 * pool are padded to keep their window centred ({@code padding = dilation * (kernel - 1) / 2}), so the radius is
 * the sum over the deepest chain of {@code dilation * (kernel - 1) / 2} times the stride accumulated before it.
 */
public final class ReceptiveField {
    private static final int STEM_HALF_KERNEL = 3;
    private static final int STEM_STRIDE = 2;
    private static final int POOL_HALF_KERNEL = 1;
    private static final int POOL_STRIDE = 2;

    private ReceptiveField() {}

    /** The radius {@code r} in input pixels. */
    public static int radius(BackboneKind kind) {
        int jump = 1;
        int radius = STEM_HALF_KERNEL * jump;
        jump *= STEM_STRIDE;
        radius += POOL_HALF_KERNEL * jump;
        jump *= POOL_STRIDE;
        for (ResNetLayer layer : ResNetLayer.values()) {
            for (int unit = 0; unit < kind.unitCount(layer); unit++) {
                boolean first = unit == 0;
                int dilation = first ? layer.firstUnitDilation() : layer.dilation();
                // A basic unit has two 3x3 convolutions, the first strided; a bottleneck one, strided.
                int threeByThrees = kind.unitType() == UnitType.BASIC ? 2 : 1;
                for (int conv = 0; conv < threeByThrees; conv++) {
                    radius += dilation * jump;
                    if (first && conv == 0) {
                        jump *= layer.stride();
                    }
                }
            }
        }
        return radius;
    }
}
