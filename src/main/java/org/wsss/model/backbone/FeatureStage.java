package org.wsss.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The backbone outputs AffinityNet uses, in the order the backbone returns them: the ends of stages 3, 4 and 5
 * (torchvision's {@code layer2}, {@code layer3}, {@code layer4}), all at stride 8.
 */
public enum FeatureStage {
    STAGE3(ResNetLayer.LAYER2),
    STAGE4(ResNetLayer.LAYER3),
    STAGE5(ResNetLayer.LAYER4);

    private final ResNetLayer layer;

    FeatureStage(ResNetLayer layer) {
        this.layer = layer;
    }

    /** The residual stage whose output this is. */
    public ResNetLayer layer() {
        return layer;
    }

    /** This stage's features in the backbone's output list. */
    public NDArray select(NDList backboneOutput) {
        if (backboneOutput.size() != values().length) {
            throw new IllegalArgumentException(
                    "a backbone output has " + values().length + " arrays, got " + backboneOutput.size());
        }
        return backboneOutput.get(ordinal());
    }

    /** This stage's shape among the backbone's declared output shapes. */
    public Shape select(Shape[] backboneOutputShapes) {
        if (backboneOutputShapes.length != values().length) {
            throw new IllegalArgumentException(
                    "a backbone declares " + values().length + " outputs, got " + backboneOutputShapes.length);
        }
        return backboneOutputShapes[ordinal()];
    }
}
