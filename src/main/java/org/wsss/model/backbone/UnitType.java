package org.wsss.model.backbone;

/** The residual unit a ResNet is made of. */
public enum UnitType {
    /** Two 3x3 convolutions (ResNet-18/34 style); output channels = width. */
    BASIC(1),
    /** 1x1 reduce, 3x3, 1x1 expand (ResNet-50/101 style); output channels = 4 x width. */
    BOTTLENECK(4);

    private final int expansion;

    UnitType(int expansion) {
        this.expansion = expansion;
    }

    /** Output channels of a unit divided by its width. */
    public int expansion() {
        return expansion;
    }
}
