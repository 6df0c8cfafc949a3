package org.wsss.model.backbone;

/**
 * The four residual stages of a ResNet with output stride 8, named as torchvision names them.
 *
 * <p>The stem divides the resolution by 4 (7x7 convolution with stride 2, then 3x3 max-pool with stride 2) and
 * {@code layer2} by 2 more; {@code layer3} and {@code layer4} keep the resolution and dilate their 3x3 convolutions
 * by 2 and 4 instead (torchvision's {@code replace_stride_with_dilation=[False, True, True]}, as in its DeepLab
 * models): the first unit of a dilated stage keeps the previous stage's dilation, the others use the stage's.
 */
public enum ResNetLayer {
    LAYER1("layer1", 1, 1),
    LAYER2("layer2", 2, 1),
    LAYER3("layer3", 1, 2),
    LAYER4("layer4", 1, 4);

    private final String torchName;
    private final int stride;
    private final int dilation;

    ResNetLayer(String torchName, int stride, int dilation) {
        this.torchName = torchName;
        this.stride = stride;
        this.dilation = dilation;
    }

    /** The child name, equal to torchvision's attribute name. */
    public String torchName() {
        return torchName;
    }

    /** Stride of the stage's first unit. */
    public int stride() {
        return stride;
    }

    /** Dilation of the 3x3 convolutions of the stage's units after the first. */
    public int dilation() {
        return dilation;
    }

    /** Dilation of the first unit's 3x3 convolution: the previous stage's dilation. */
    public int firstUnitDilation() {
        return ordinal() == 0 ? dilation : values()[ordinal() - 1].dilation;
    }
}
